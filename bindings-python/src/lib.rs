//! Python bindings of hengjie (work in progress).
