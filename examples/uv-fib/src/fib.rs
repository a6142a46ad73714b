//! The Fibonacci core in plain Rust: no PyO3 here, so `cargo test` checks it directly.

/// The largest `n` whose Fibonacci number fits in a `u64`: fib(93) = 12200160415121876738.
pub const MAX_N: u64 = 93;

/// Below this `n` a call finishes in about a millisecond, so we do not look for Ctrl-C there.
const CHUNK: u64 = 25;

/// The tutorial's recursive Fibonacci: exponential on purpose, it is the CPU-bound work we time.
pub fn fib(n: u64) -> u64 {
    match n {
        0 => 0,
        1 => 1,
        _ => fib(n - 1) + fib(n - 2),
    }
}

/// `fib(n)`, calling `check` every millisecond or so; an error from `check` stops the work.
///
/// Python delivers Ctrl-C as a flag that compiled code has to look at; `check` is where the
/// bindings look. The calls above `CHUNK` are few, so the hot path, `fib`, pays nothing.
pub fn fib_checked<E>(n: u64, check: &mut impl FnMut() -> Result<(), E>) -> Result<u64, E> {
    if n < CHUNK {
        return Ok(fib(n));
    }
    check()?;
    Ok(fib_checked(n - 1, check)? + fib_checked(n - 2, check)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_values() {
        let first: Vec<u64> = (0..10).map(fib).collect();
        assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
    }

    #[test]
    fn checked_matches_plain() {
        let mut calls = 0;
        let value = fib_checked(30, &mut || -> Result<(), ()> {
            calls += 1;
            Ok(())
        });
        assert_eq!(value, Ok(fib(30)));
        assert!(calls > 0, "fib_checked(30) never looked for Ctrl-C");
    }

    #[test]
    fn checked_stops_at_the_first_error() {
        let mut calls = 0;
        let value = fib_checked(60, &mut || {
            calls += 1;
            if calls == 3 {
                Err("interrupted")
            } else {
                Ok(())
            }
        });
        assert_eq!(value, Err("interrupted"));
        assert_eq!(calls, 3);
    }

    #[test]
    fn max_n_is_the_last_that_fits() {
        // Walk (fib(n), fib(n + 1)) up until the next sum overflows: fib(n + 1) is the last that fits.
        let (mut n, mut pair) = (0, (0u64, 1u64));
        while let Some(next) = pair.0.checked_add(pair.1) {
            (n, pair) = (n + 1, (pair.1, next));
        }
        assert_eq!(n + 1, MAX_N);
    }
}
