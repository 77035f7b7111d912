//! The policies Java holds, by handle. A Java `Policy` keeps only a number; the policy itself
//! lives here behind an `Arc`, so a call in flight keeps its policy alive even if another thread
//! closes it, and a handle used after `close` (or twice closed) is an error, never a dangling
//! pointer. Handle 0 is the embedded default policy.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock, PoisonError, RwLock};

use hengjie::Policy;

static DEFAULT: LazyLock<Policy> = LazyLock::new(Policy::default);
static POLICIES: LazyLock<RwLock<HashMap<i64, Arc<Policy>>>> = LazyLock::new(RwLock::default);
static NEXT: AtomicI64 = AtomicI64::new(1);

/// A policy borrowed for one call.
pub(crate) enum Held {
    Default,
    Layered(Arc<Policy>),
}

impl std::ops::Deref for Held {
    type Target = Policy;
    fn deref(&self) -> &Policy {
        match self {
            Held::Default => &DEFAULT,
            Held::Layered(p) => p,
        }
    }
}

/// The policy of a handle; `None` once it is closed (or for a number never given out).
pub(crate) fn get(handle: i64) -> Option<Held> {
    if handle == 0 {
        return Some(Held::Default);
    }
    let map = POLICIES.read().unwrap_or_else(PoisonError::into_inner);
    map.get(&handle).map(|p| Held::Layered(Arc::clone(p)))
}

/// Keeps a policy and gives its handle.
pub(crate) fn insert(policy: Policy) -> i64 {
    let handle = NEXT.fetch_add(1, Ordering::Relaxed);
    POLICIES
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(handle, Arc::new(policy));
    handle
}

/// Forgets a handle (a no-op for 0 and for a handle already freed).
pub(crate) fn remove(handle: i64) {
    let dropped = POLICIES
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(&handle);
    // The policy is dropped here, outside the lock (or later, by the last call holding it).
    drop(dropped);
}

/// How many layered policies are held (for the Java tests of `close` and the Cleaner).
pub(crate) fn count() -> usize {
    POLICIES
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .len()
}
