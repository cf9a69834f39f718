//! Where ids and time come from. The app state owns one [`Sources`]; handlers never call `Uuid::new_v4()` or
//! `Utc::now()` themselves, so a seeded, fixed-clock run is a switch (`--seed`, `--fixed-time`), not a rewrite.

use std::sync::Mutex;

use chrono::{DateTime, SubsecRound, Utc};
use rand::{RngCore, SeedableRng, rngs::StdRng};
use uuid::Uuid;

/// The clock: the system's, or a fixed instant for byte-reproducible runs.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// Wall-clock time, to whole seconds (the APIs print whole seconds).
    System,
    /// Always this instant.
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// The current time.
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now().trunc_subsecs(0),
            Self::Fixed(instant) => *instant,
        }
    }

    /// The current time to the millisecond, for records finer than the APIs print (the request journal).
    pub fn precise_now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now().trunc_subsecs(3),
            Self::Fixed(instant) => *instant,
        }
    }
}

/// The id generator: random, or a seeded sequence that repeats run after run.
#[derive(Debug)]
pub enum Ids {
    /// Fresh random v4 UUIDs.
    Random,
    /// v4-shaped UUIDs from a seeded generator.
    Seeded(Box<Mutex<StdRng>>),
}

impl Ids {
    /// A seeded generator.
    pub fn seeded(seed: u64) -> Self {
        Self::Seeded(Box::new(Mutex::new(StdRng::seed_from_u64(seed))))
    }

    /// The next id.
    pub fn uuid(&self) -> Uuid {
        match self {
            Self::Random => Uuid::new_v4(),
            Self::Seeded(rng) => {
                let mut bytes = [0u8; 16];
                // A poisoned lock only means another request panicked mid-draw; the generator is still usable.
                let mut rng = rng.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                rng.fill_bytes(&mut bytes);
                uuid::Builder::from_random_bytes(bytes).into_uuid()
            }
        }
    }
}

/// The one source of ids and time in the app state.
#[derive(Debug)]
pub struct Sources {
    /// Time.
    pub clock: Clock,
    /// Ids.
    pub ids: Ids,
}

impl Sources {
    /// Random ids and the system clock: the production default.
    pub fn system() -> Self {
        Self {
            clock: Clock::System,
            ids: Ids::Random,
        }
    }

    /// Seeded ids and a fixed clock: every run gives the same bytes.
    pub fn deterministic(seed: u64, now: DateTime<Utc>) -> Self {
        Self {
            clock: Clock::Fixed(now),
            ids: Ids::seeded(seed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeded_generator_repeats_its_sequence() {
        let first = Ids::seeded(7);
        let second = Ids::seeded(7);
        let a: Vec<Uuid> = (0..3).map(|_| first.uuid()).collect();
        let b: Vec<Uuid> = (0..3).map(|_| second.uuid()).collect();
        assert_eq!(a, b);
        assert_eq!(a[0].get_version_num(), 4);
        assert_ne!(a[0], a[1]);
    }
}
