//! The GIL example's core in plain Rust: double every number, refusing to overflow.

/// Every value times two, or `None` if one of them does not fit in an `i64` once doubled.
pub fn double_all(values: &[i64]) -> Option<Vec<i64>> {
    values.iter().map(|x| x.checked_mul(2)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_each_value() {
        assert_eq!(double_all(&[1, 2, 3]), Some(vec![2, 4, 6]));
        assert_eq!(double_all(&[]), Some(vec![]));
        assert_eq!(
            double_all(&[-4, i64::MAX / 2]),
            Some(vec![-8, i64::MAX - 1])
        );
    }

    #[test]
    fn refuses_to_overflow() {
        assert_eq!(double_all(&[1, i64::MAX]), None);
        assert_eq!(double_all(&[i64::MIN]), None);
    }
}
