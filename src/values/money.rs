//! Exact money arithmetic and the one display-rounding rule.
//!
//! * [`mul`] and [`add`] are checked **and exact**: where `rust_decimal` would
//!   silently round a product or a sum to fit its 96-bit mantissa, they return
//!   `precision`; where the value is too large, `overflow`. No panic.
//! * [`ratio`] divides for rates (savings rate, price cut), rounded to
//!   [`RATE_DP`] decimal places half away from zero; a zero denominator gives `None`.
//! * [`round_display`] is 四舍五入 to 2 decimal places (half away from zero), used
//!   only where a figure is shown to a person; sums are never built from rounded figures.

use crate::error::{Error, Result};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serializer};
use std::str::FromStr;

/// Decimal places kept in rates (savings rate, price cut) in machine output.
pub const RATE_DP: u32 = 12;

/// Decimal places for amounts shown to people (元, to the fen).
pub const DISPLAY_DP: u32 = 2;

const MAX_SCALE: u32 = 28;
const MANTISSA_LIMIT: u128 = 1 << 96;

/// The rounding rule, stated as reports state it.
pub const ROUNDING_RULE_EN: &str = "Amounts are computed exactly; only displayed figures are rounded, to 2 decimal places, half away from zero (四舍五入). Rates are quotients rounded to 12 decimal places, half away from zero.";
/// The rounding rule in Chinese.
pub const ROUNDING_RULE_ZH: &str =
    "金额全程精确计算，仅在显示时按四舍五入保留2位小数；比率为商，四舍五入保留12位小数。";

/// Exact product: `precision` if any digit would be lost, `overflow` if too large.
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    if let Some(p) = mul_fits(a, b).or_else(|| mul_fits(a.normalize(), b.normalize())) {
        return Ok(p);
    }
    match a.checked_mul(b) {
        None => Err(Error::overflow()),
        Some(_) => Err(Error::precision()),
    }
}

/// The product computed on the mantissas, when it fits a `Decimal` with no rounding.
fn mul_fits(a: Decimal, b: Decimal) -> Option<Decimal> {
    let scale = a.scale() + b.scale();
    let m = mul_mantissas(a.mantissa(), b.mantissa())?;
    if scale > MAX_SCALE || m.unsigned_abs() >= MANTISSA_LIMIT {
        return None;
    }
    Decimal::try_from_i128_with_scale(m, scale).ok()
}

/// The exact product of two (mantissa, scale) pairs as [`mul`] first computes it (its
/// usual way, before any rescaling): `None` where that product does not fit a `Decimal`.
#[inline]
pub(crate) fn mul_parts((am, sa): (i128, u32), (bm, sb): (i128, u32)) -> Option<(i128, u32)> {
    let scale = sa + sb;
    let m = mul_mantissas(am, bm)?;
    (scale <= MAX_SCALE && m.unsigned_abs() < MANTISSA_LIMIT).then_some((m, scale))
}

/// Exact sum: `precision` if any digit would be lost, `overflow` if too large.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    if let Some(s) = add_fits(a, b).or_else(|| add_fits(a.normalize(), b.normalize())) {
        return Ok(s);
    }
    match a.checked_add(b) {
        None => Err(Error::overflow()),
        Some(_) => Err(Error::precision()),
    }
}

fn add_fits(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (m, scale) = add_mantissas((a.mantissa(), a.scale()), (b.mantissa(), b.scale()))?;
    Decimal::try_from_i128_with_scale(m, scale).ok()
}

/// The exact sum of two (mantissa, scale) pairs, at the larger scale, when its mantissa
/// stays below 2^96 (so it is a `Decimal` with no rounding); `None` otherwise.
#[inline]
pub(crate) fn add_mantissas((am, sa): (i128, u32), (bm, sb): (i128, u32)) -> Option<(i128, u32)> {
    // the usual case of the bulk sums: one scale, both mantissas within i64, no overflow:
    // one native 64-bit add (WebAssembly has no 128-bit one); the same sum and scale
    // (|sum| < 2^63 < 2^96) as the general way below
    if sa == sb {
        if let (Ok(a), Ok(b)) = (i64::try_from(am), i64::try_from(bm)) {
            if let Some(m) = a.checked_add(b) {
                return Some((i128::from(m), sa));
            }
        }
    }
    add_mantissas_wide((am, sa), (bm, sb))
}

/// [`add_mantissas`] in `i128` throughout: the general way, and its fast path's reference.
fn add_mantissas_wide((am, sa): (i128, u32), (bm, sb): (i128, u32)) -> Option<(i128, u32)> {
    let (ma, mb, scale) = if sa == sb {
        (am, bm, sa)
    } else if sa > sb {
        (am, mul_mantissas(bm, pow10(sa - sb)?)?, sa)
    } else {
        (mul_mantissas(am, pow10(sb - sa)?)?, bm, sb)
    };
    let m = ma.checked_add(mb)?;
    (m.unsigned_abs() < MANTISSA_LIMIT).then_some((m, scale))
}

/// The checked product of two mantissas. When both are below 2^32 (quantities, unit
/// prices and rescaling by up to 10^9: the usual case) the product is one native
/// 64-bit multiply, which cannot overflow; otherwise `i128::checked_mul` (a software
/// routine in WebAssembly, which has no 128-bit multiply).
#[inline]
pub(crate) fn mul_mantissas(a: i128, b: i128) -> Option<i128> {
    const SMALL: u128 = 1 << 32;
    let (ua, ub) = (a.unsigned_abs(), b.unsigned_abs());
    if ua < SMALL && ub < SMALL {
        // both below 2^32, so the product is below 2^64: exact in a u64
        let p = i128::from((ua as u64) * (ub as u64));
        Some(if (a < 0) != (b < 0) { -p } else { p })
    } else {
        a.checked_mul(b)
    }
}

/// 10^exp for the scales a `Decimal` can have (0 ..= 28).
fn pow10(exp: u32) -> Option<i128> {
    const POW10: [i128; 29] = {
        let mut t = [1i128; 29];
        let mut i = 1;
        while i < 29 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    POW10.get(exp as usize).copied()
}

/// Exact difference (see [`add`]).
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal> {
    add(a, -b)
}

/// `num / den` rounded to [`RATE_DP`] places, half away from zero; `None` when `den` is zero.
pub fn ratio(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    num.checked_div(den).map(|q| {
        q.round_dp_with_strategy(RATE_DP, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    })
}

/// 四舍五入 to 2 decimal places: the rule for every amount shown to a person.
pub fn round_display(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(DISPLAY_DP, RoundingStrategy::MidpointAwayFromZero)
}

/// Rounds half away from zero to `dp` places (unit prices are shown to 4).
pub fn round_dp(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Decimal places a per-unit price keeps when it is derived as a quotient that does not
/// terminate (a pack price ÷ units per pack, a spend ÷ a quantity: 7.92 ÷ 14); a
/// quotient that terminates within them stays exact.
pub const DERIVED_UNIT_PRICE_DP: u32 = 10;

/// A per-unit price derived as a quotient: exact where it has at most
/// [`DERIVED_UNIT_PRICE_DP`] places, else rounded there (half away from zero), and the
/// words that say which (the one home of this rule and its wording).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DerivedPrice {
    /// The price, normalised (no trailing zeros).
    pub value: Decimal,
    /// Whether the quotient was rounded to [`DERIVED_UNIT_PRICE_DP`] places.
    pub rounded: bool,
}

impl DerivedPrice {
    /// The price for an exact quotient.
    pub fn of(exact: Decimal) -> DerivedPrice {
        let value = round_dp(exact, DERIVED_UNIT_PRICE_DP).normalize();
        DerivedPrice {
            value,
            rounded: value != exact.normalize(),
        }
    }

    /// `num ÷ den`; `None` when `den` is zero or the quotient does not fit.
    pub fn quotient(num: Decimal, den: Decimal) -> Option<DerivedPrice> {
        num.checked_div(den).map(DerivedPrice::of)
    }

    /// `", rounded to 10 decimal places"` when rounded; empty when exact.
    pub fn note_en(&self) -> String {
        if self.rounded {
            format!(", rounded to {DERIVED_UNIT_PRICE_DP} decimal places")
        } else {
            String::new()
        }
    }

    /// `"，保留10位小数"` when rounded; empty when exact.
    pub fn note_zh(&self) -> String {
        if self.rounded {
            format!("，保留{DERIVED_UNIT_PRICE_DP}位小数")
        } else {
            String::new()
        }
    }
}

/// `1234567.891` → `"1,234,567.89"` (rounded for display, 2 dp, grouped by thousands).
pub fn format_amount(value: Decimal) -> String {
    group_thousands(&format!("{:.2}", round_display(value)))
}

/// Groups the integer part of a plain decimal string by thousands.
pub fn group_thousands(s: &str) -> String {
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    out.push_str(sign);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The canonical string of an exact decimal: no trailing zeros, no exponent (`"8100"`, `"0.999"`).
pub fn to_plain_string(value: Decimal) -> String {
    value.normalize().to_string()
}

/// A fraction as an exact percentage number, for text (`0.48` → `"48"`).
pub fn percent_text(fraction: Decimal) -> String {
    fraction
        .checked_mul(Decimal::ONE_HUNDRED)
        .map_or_else(|| to_plain_string(fraction), to_plain_string)
}

/// Serde helpers: decimals cross every boundary as exact, normalised strings.
pub mod serde_str {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Decimal, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&to_plain_string(*value))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Decimal, D::Error> {
        let s = String::deserialize(d)?;
        Decimal::from_str_exact(&s).map_err(serde::de::Error::custom)
    }

    /// For `Option<Decimal>` fields: `null` when absent.
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            value: &Option<Decimal>,
            s: S,
        ) -> std::result::Result<S::Ok, S::Error> {
            match value {
                Some(v) => s.serialize_str(&to_plain_string(*v)),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> std::result::Result<Option<Decimal>, D::Error> {
            let s: Option<String> = Option::deserialize(d)?;
            s.map(|s| Decimal::from_str(&s).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn mantissa_product_fast_path_equals_checked_mul() {
        let edges: [i128; 16] = [
            0,
            1,
            -1,
            9,
            (1 << 32) - 1,
            -((1 << 32) - 1),
            1 << 32,
            -(1 << 32),
            (1 << 31) + 12345,
            i128::from(u64::MAX),
            i128::from(i64::MIN),
            1_000_000_000,
            -999_999_999,
            1 << 96,
            i128::MAX,
            i128::MIN,
        ];
        for a in edges {
            for b in edges {
                assert_eq!(mul_mantissas(a, b), a.checked_mul(b), "{a} × {b}");
            }
        }
    }

    /// The i64 fast path of the sums against the general i128 way: the same sum and
    /// scale, or the same `None`, around every edge (i64's, 2^96's) and across scales.
    #[test]
    fn mantissa_sum_fast_path_equals_the_wide_way() {
        let edges: [i128; 18] = [
            0,
            1,
            -1,
            123_456,
            i128::from(i64::MAX),
            i128::from(i64::MAX) - 1,
            i128::from(i64::MIN),
            i128::from(i64::MIN) + 1,
            i128::from(i64::MAX) + 1,
            i128::from(i64::MIN) - 1,
            i128::from(i64::MAX / 2 + 1),
            -i128::from(i64::MAX / 2 + 1),
            (1 << 96) - 1,
            -((1 << 96) - 1),
            1 << 96,
            -(1 << 96),
            i128::MAX,
            i128::MIN,
        ];
        for a in edges {
            for b in edges {
                for (sa, sb) in [(0, 0), (2, 2), (4, 4), (28, 28), (2, 4), (4, 2), (0, 28)] {
                    assert_eq!(
                        add_mantissas((a, sa), (b, sb)),
                        add_mantissas_wide((a, sa), (b, sb)),
                        "({a}, {sa}) + ({b}, {sb})"
                    );
                }
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    use proptest::strategy::Strategy;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn mantissa_sums_equal_the_wide_way(
            a in proptest::prop_oneof![proptest::num::i64::ANY.prop_map(i128::from), proptest::num::i128::ANY, -(1i128 << 97)..(1i128 << 97)],
            b in proptest::prop_oneof![proptest::num::i64::ANY.prop_map(i128::from), proptest::num::i128::ANY, -(1i128 << 97)..(1i128 << 97)],
            sa in 0u32..=28,
            same in proptest::bool::ANY,
            sb in 0u32..=28,
        ) {
            let sb = if same { sa } else { sb };
            proptest::prop_assert_eq!(add_mantissas((a, sa), (b, sb)), add_mantissas_wide((a, sa), (b, sb)));
        }
    }

    #[test]
    fn display_rounding_is_half_away_from_zero() {
        assert_eq!(round_display(d("2.345")), d("2.35"));
        assert_eq!(round_display(d("2.335")), d("2.34")); // banker's would give 2.34 too; next line differs
        assert_eq!(round_display(d("2.325")), d("2.33")); // banker's: 2.32
        assert_eq!(round_display(d("-2.325")), d("-2.33"));
        assert_eq!(round_display(d("0.005")), d("0.01"));
    }

    #[test]
    fn format_amount_groups_and_rounds() {
        assert_eq!(format_amount(d("8100")), "8,100.00");
        assert_eq!(format_amount(d("1234567.885")), "1,234,567.89");
        assert_eq!(format_amount(d("-1234.5")), "-1,234.50");
        assert_eq!(format_amount(d("0.004")), "0.00");
        assert_eq!(format_amount(d("999")), "999.00");
    }

    #[test]
    fn products_and_sums_are_exact_or_refused() {
        assert_eq!(mul(d("90"), d("108")).unwrap(), d("9720"));
        assert_eq!(mul(d("0.999"), d("30")).unwrap(), d("29.97"));
        assert_eq!(
            mul(Decimal::MAX, d("2")).unwrap_err().code,
            crate::ErrorCode::Overflow
        );
        // a product that would need more than 28 fractional digits is refused, not rounded
        let tiny = d("0.000000000000001");
        assert_eq!(
            mul(tiny, tiny).unwrap_err().code,
            crate::ErrorCode::Precision
        );
        assert_eq!(add(d("0.1"), d("0.2")).unwrap(), d("0.3"));
        assert_eq!(
            add(Decimal::MAX, d("1")).unwrap_err().code,
            crate::ErrorCode::Overflow
        );
        assert_eq!(sub(d("9720"), d("1620")).unwrap(), d("8100"));
    }

    #[test]
    fn ratios_round_to_twelve_places() {
        assert_eq!(ratio(d("1"), d("3")).unwrap(), d("0.333333333333"));
        assert_eq!(ratio(d("2"), d("3")).unwrap(), d("0.666666666667"));
        assert_eq!(ratio(d("1"), Decimal::ZERO), None);
    }

    #[test]
    fn plain_strings_have_no_trailing_zeros() {
        assert_eq!(to_plain_string(d("3703.6800")), "3703.68");
        assert_eq!(to_plain_string(d("8100.00")), "8100");
        assert_eq!(to_plain_string(d("-0.50")), "-0.5");
    }
}
