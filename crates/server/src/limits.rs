//! What one caller may cost: the bounded pool of Argon2 verifications behind the token endpoint,
//! and the throttle on failed sign-ins per remote address and per client id.

use crate::crypto::verify_secret_in;
use crate::error::AppError;
use argon2::Block;
use axum::http::StatusCode;
use governor::middleware::StateInformationMiddleware;
use governor::{clock::DefaultClock, state::keyed::DefaultKeyedStateStore, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The server's limits; every one has a flag (see `main.rs`).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Argon2 verifications that run at once (each holds about 19 MiB while it runs).
    pub verify_concurrency: usize,
    /// Token requests that may wait for a verification slot; beyond that, 429.
    pub verify_queue: usize,
    /// Failed sign-ins an address or a client id may make before cooling off.
    pub auth_failures: u32,
    /// How long a throttled address or client id gets 429.
    pub auth_cooloff: Duration,
    /// Time allowed for a request's headers, and for a kept-alive connection's next request.
    pub header_timeout: Duration,
    /// Time allowed for a handler to answer.
    pub request_timeout: Duration,
    /// Connections served at once; further ones wait in the kernel's backlog.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Limits {
            verify_concurrency: cores.clamp(1, 4),
            verify_queue: 16,
            auth_failures: 5,
            auth_cooloff: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
        }
    }
}

/// A 429 telling the client when to come back.
pub fn too_many(message: impl Into<String>, retry_after: Duration) -> AppError {
    AppError::new(StatusCode::TOO_MANY_REQUESTS, message).with_retry_after((retry_after.as_secs_f64().ceil() as u64).max(1))
}

/// A queue of verifications in front of a number of slots.
struct Lane {
    permits: Arc<Semaphore>,
    size: usize,
    waiting: AtomicUsize,
    queue: usize,
}

impl Lane {
    fn new(size: usize, queue: usize) -> Self {
        Lane { permits: Arc::new(Semaphore::new(size)), size, waiting: AtomicUsize::new(0), queue }
    }

    /// A slot, at once or after a wait in the queue; a 429 when the queue is full.
    async fn slot(&self) -> Result<OwnedSemaphorePermit, AppError> {
        if let Ok(p) = self.permits.clone().try_acquire_owned() {
            return Ok(p);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(too_many("The server is busy verifying other sign-ins; try again in a moment", Duration::from_secs(1)));
        }
        let _queued = Waiting(&self.waiting);
        self.permits.clone().acquire_owned().await.map_err(AppError::internal)
    }

    /// No verification running or waiting here.
    fn idle(&self) -> bool {
        self.permits.available_permits() == self.size && self.waiting.load(Ordering::SeqCst) == 0
    }
}

/// The Argon2 verifications: at most `concurrency` at once with a short queue in front, plus one
/// slot of their own for addresses that recently signed in correctly, so a flood from elsewhere
/// does not hold up a client known to be honest. Each runs in a reused memory buffer; the
/// buffers are freed when no verification is running or waiting.
pub struct Verifier {
    general: Lane,
    trusted: Lane,
    buffers: Mutex<Vec<Vec<Block>>>,
}

/// Undoes the queue count however the wait ends (the client may hang up while queued).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Verifier {
    pub fn new(concurrency: usize, queue: usize) -> Arc<Self> {
        Arc::new(Verifier { general: Lane::new(concurrency.max(1), queue), trusted: Lane::new(1, queue), buffers: Mutex::new(Vec::new()) })
    }

    /// Whether `secret` matches `phc`; a 429 when every slot is busy and the queue is full.
    pub async fn verify(self: &Arc<Self>, secret: String, phc: String, trusted: bool) -> Result<bool, AppError> {
        let permit = match trusted {
            // A trusted client takes whichever slot is free, and waits only for its own.
            true => match self.general.permits.clone().try_acquire_owned() {
                Ok(p) => p,
                Err(_) => self.trusted.slot().await?,
            },
            false => self.general.slot().await?,
        };
        let this = self.clone();
        // The permit moves into the blocking task: a client that hangs up cannot free its slot
        // while its verification still runs.
        let ok = tokio::task::spawn_blocking(move || {
            let mut blocks = this.buffers.lock().unwrap_or_else(|p| p.into_inner()).pop().unwrap_or_default();
            let ok = verify_secret_in(&secret, &phc, &mut blocks);
            let mut buffers = this.buffers.lock().unwrap_or_else(|p| p.into_inner());
            buffers.push(blocks);
            drop(permit);
            if this.general.idle() && this.trusted.idle() {
                buffers.clear();
                buffers.shrink_to_fit();
            }
            ok
        })
        .await?;
        Ok(ok)
    }
}

type Keyed<K> = RateLimiter<K, DefaultKeyedStateStore<K>, DefaultClock, StateInformationMiddleware>;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Addr(IpAddr),
    Client(String),
}

/// What a failed sign-in leads to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Failure {
    /// Answer 401 after this pause (longer the more of the budget is used).
    Slowed(Duration),
    /// The budget is spent: 429 for this long.
    CoolingOff(Duration),
}

/// Failed sign-ins, counted by governor per remote address and per client id. When either runs
/// out of budget it cools off: its requests get 429 without any verification. A client id under
/// attack stays usable from addresses that have not failed, so guessing cannot lock the owner out.
pub struct Throttle {
    by_addr: Keyed<IpAddr>,
    by_client: Keyed<String>,
    burst: u32,
    cooloff: Duration,
    cooling: Mutex<HashMap<Key, Instant>>,
    failed_addrs: Mutex<HashMap<IpAddr, Instant>>,
    trusted_addrs: Mutex<HashMap<IpAddr, Instant>>,
    events: AtomicU64,
}

/// Each failure after the first of a burst waits this much longer, up to `MAX_SLOWDOWN`.
const SLOWDOWN_STEP: Duration = Duration::from_millis(250);
const MAX_SLOWDOWN: Duration = Duration::from_secs(2);
/// How long a correct sign-in makes its address trusted, and how many such addresses are kept.
const TRUST_FOR: Duration = Duration::from_secs(24 * 3600);
const MAX_TRUSTED: usize = 10_000;
/// Client ids longer than this are throttled by their prefix (bounds memory per key).
const MAX_KEY_LEN: usize = 128;

impl Throttle {
    pub fn new(failures: u32, cooloff: Duration) -> Self {
        let burst = NonZeroU32::new(failures.max(1)).unwrap_or(NonZeroU32::MIN);
        // The budget refills over one cool-off period.
        let period = (cooloff / burst.get()).max(Duration::from_millis(1));
        let quota = Quota::with_period(period).unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN)).allow_burst(burst);
        Throttle {
            by_addr: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            by_client: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            burst: burst.get(),
            cooloff,
            cooling: Mutex::new(HashMap::new()),
            failed_addrs: Mutex::new(HashMap::new()),
            trusted_addrs: Mutex::new(HashMap::new()),
            events: AtomicU64::new(0),
        }
    }

    /// Before any verification: `Err(retry_after)` while the address cools off, or while the
    /// client id does and this address has failed too.
    pub fn check(&self, addr: Option<IpAddr>, client_id: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let addr = addr.map(addr_key);
        let cooling = self.cooling.lock().unwrap_or_else(|p| p.into_inner());
        let left = |k: Key| cooling.get(&k).and_then(|until| until.checked_duration_since(now)).filter(|d| !d.is_zero());
        if let Some(d) = addr.and_then(|a| left(Key::Addr(a))) {
            return Err(d);
        }
        if let Some(d) = left(Key::Client(client_key(client_id))) {
            let addr_failed = match addr {
                Some(a) => self.failed_addrs.lock().unwrap_or_else(|p| p.into_inner()).get(&a).is_some_and(|t| now - *t < self.cooloff),
                None => true,
            };
            if addr_failed {
                return Err(d);
            }
        }
        Ok(())
    }

    /// Counts a failed sign-in against the address and the client id.
    pub fn failed(&self, addr: Option<IpAddr>, client_id: &str) -> Failure {
        let now = Instant::now();
        self.prune_now_and_then(now);
        let client = client_key(client_id);
        let mut used = 0;
        let mut spent = Vec::new();
        if let Some(a) = addr.map(addr_key) {
            self.trusted_addrs.lock().unwrap_or_else(|p| p.into_inner()).remove(&a);
            self.failed_addrs.lock().unwrap_or_else(|p| p.into_inner()).insert(a, now);
            match self.by_addr.check_key(&a) {
                Ok(s) => used = used.max(self.burst - s.remaining_burst_capacity()),
                Err(_) => spent.push(Key::Addr(a)),
            }
        }
        match self.by_client.check_key(&client) {
            Ok(s) => used = used.max(self.burst - s.remaining_burst_capacity()),
            Err(_) => spent.push(Key::Client(client)),
        }
        if spent.is_empty() {
            return Failure::Slowed((SLOWDOWN_STEP * used.saturating_sub(1)).min(MAX_SLOWDOWN));
        }
        let mut cooling = self.cooling.lock().unwrap_or_else(|p| p.into_inner());
        for k in spent {
            cooling.insert(k, now + self.cooloff);
        }
        Failure::CoolingOff(self.cooloff)
    }

    /// A correct secret clears the address's failure mark (its budget still refills by time) and
    /// makes it trusted for a day.
    pub fn succeeded(&self, addr: Option<IpAddr>) {
        if let Some(a) = addr.map(addr_key) {
            self.failed_addrs.lock().unwrap_or_else(|p| p.into_inner()).remove(&a);
            let mut trusted = self.trusted_addrs.lock().unwrap_or_else(|p| p.into_inner());
            if trusted.len() >= MAX_TRUSTED {
                let now = Instant::now();
                trusted.retain(|_, t| now - *t < TRUST_FOR);
            }
            if trusted.len() < MAX_TRUSTED {
                trusted.insert(a, Instant::now());
            }
        }
    }

    /// Whether the address signed in correctly within the last day and has not failed since.
    pub fn trusted(&self, addr: Option<IpAddr>) -> bool {
        addr.map(addr_key)
            .is_some_and(|a| self.trusted_addrs.lock().unwrap_or_else(|p| p.into_inner()).get(&a).is_some_and(|t| t.elapsed() < TRUST_FOR))
    }

    /// Forgets keys whose state has lapsed, every few hundred failures, so a spray of made-up
    /// client ids cannot grow memory without bound.
    fn prune_now_and_then(&self, now: Instant) {
        if self.events.fetch_add(1, Ordering::Relaxed) % 256 != 255 {
            return;
        }
        self.by_addr.retain_recent();
        self.by_client.retain_recent();
        self.cooling.lock().unwrap_or_else(|p| p.into_inner()).retain(|_, until| *until > now);
        self.failed_addrs.lock().unwrap_or_else(|p| p.into_inner()).retain(|_, t| now - *t < self.cooloff);
    }
}

/// IPv4 as is; IPv6 by its /64 (one subscriber's whole network), IPv4-mapped IPv6 as IPv4.
fn addr_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

fn client_key(client_id: &str) -> String {
    client_id.chars().take(MAX_KEY_LEN).collect()
}

/// The token endpoint's guard: the throttle first (cheap), then a bounded verification.
pub struct TokenGuard {
    pub verifier: Arc<Verifier>,
    pub throttle: Throttle,
}

impl TokenGuard {
    pub fn new(limits: &Limits) -> Self {
        TokenGuard {
            verifier: Verifier::new(limits.verify_concurrency, limits.verify_queue),
            throttle: Throttle::new(limits.auth_failures, limits.auth_cooloff),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn failures_slow_down_then_cool_off() {
        let t = Throttle::new(3, Duration::from_secs(60));
        assert_eq!(t.check(ip("10.0.0.1"), "c"), Ok(()));
        assert_eq!(t.failed(ip("10.0.0.1"), "c"), Failure::Slowed(Duration::ZERO));
        assert_eq!(t.failed(ip("10.0.0.1"), "c"), Failure::Slowed(SLOWDOWN_STEP));
        assert_eq!(t.failed(ip("10.0.0.1"), "c"), Failure::Slowed(SLOWDOWN_STEP * 2));
        assert_eq!(t.failed(ip("10.0.0.1"), "c"), Failure::CoolingOff(Duration::from_secs(60)));
        assert!(t.check(ip("10.0.0.1"), "c").is_err());
        assert!(t.check(ip("10.0.0.1"), "another").is_err(), "the address cools off for every id");
        // The id cools off too, but an address that never failed may still use it.
        assert_eq!(t.check(ip("10.0.0.2"), "c"), Ok(()));
        t.failed(ip("10.0.0.2"), "c");
        assert!(t.check(ip("10.0.0.2"), "c").is_err());
    }

    #[test]
    fn one_ipv6_network_counts_as_one_address() {
        let t = Throttle::new(1, Duration::from_secs(60));
        t.failed(ip("2001:db8::1"), "a");
        t.failed(ip("2001:db8::2"), "b");
        assert!(t.check(ip("2001:db8::ffff"), "c").is_err());
        assert_eq!(t.check(ip("2001:db9::1"), "c"), Ok(()));
    }
}
