//! JavaScript bindings of hengjie (work in progress).
