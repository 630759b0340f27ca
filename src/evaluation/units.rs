//! Units of purchase quantities: a row counted per box (盒, or the container its
//! specification names: `0.1g×100片/瓶` with unit 瓶) holds the pack its specification
//! states (`4mg×30粒/盒`: 30 capsules). A quantity is converted through that pack only;
//! when the specification states none, the conversion is refused (`pack_size_unknown`),
//! never guessed.

use crate::values::item::{canonical_unit, normalize_name, same_unit};
use crate::values::money;
use crate::values::pack::{parse_pack, Pack};
use rust_decimal::Decimal;

/// Why a quantity could not be converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitIssue {
    /// Per pack, and no specification states how many units the pack holds.
    PackSizeUnknown,
    /// Two units that are neither the same nor a pack and its contents.
    Mismatch,
    /// The arithmetic overflowed or lost digits.
    Arithmetic(crate::error::Error),
}

/// True when `unit` is a pack: 盒/box, or the container the specification ends with.
pub fn is_pack(unit: &str, spec: Option<&str>) -> bool {
    if canonical_unit(unit) == Some("box") {
        return true;
    }
    let container = spec.and_then(parse_pack).and_then(|p| p.container);
    container.is_some_and(|c| normalize_name(&c) == normalize_name(unit))
}

/// The pack a specification states, when its count is positive and its unit (if stated)
/// is `unit` (if given).
fn pack_of(spec: Option<&str>, unit: Option<&str>) -> Option<Pack> {
    let p = parse_pack(spec?)?;
    if p.count <= Decimal::ZERO {
        return None;
    }
    match (p.unit.as_deref(), unit) {
        (Some(pu), Some(u))
            if same_unit(pu, u) != Some(true) && normalize_name(pu) != normalize_name(u) =>
        {
            None
        }
        _ => Some(p),
    }
}

fn clean(u: Option<&str>) -> Option<&str> {
    u.map(str::trim).filter(|u| !u.is_empty())
}

/// A quantity in the smallest unit: a per-pack row times the pack its specification
/// states; a row in any other unit, or with none stated, as written.
pub fn in_smallest_units(
    quantity: Decimal,
    unit: Option<&str>,
    spec: Option<&str>,
) -> Result<Decimal, UnitIssue> {
    match unit.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) if is_pack(u, spec) => {
            let pack = pack_of(spec, None).ok_or(UnitIssue::PackSizeUnknown)?;
            money::mul(quantity, pack.count).map_err(UnitIssue::Arithmetic)
        }
        _ => Ok(quantity),
    }
}

/// A purchase row's quantity in the unit of an agreed volume (`target`, with its own
/// specification). No target unit: the agreed volume is in the rows' unit (as written).
/// No row unit: taken to be the target's. A pack and its contents convert through the
/// pack the row's specification states, else the agreed row's; a quotient (units to
/// packs) is rounded to 12 decimal places, half away from zero.
pub fn in_unit_of(
    quantity: Decimal,
    unit: Option<&str>,
    spec: Option<&str>,
    target: Option<&str>,
    target_spec: Option<&str>,
) -> Result<Decimal, UnitIssue> {
    let (Some(u), Some(t)) = (clean(unit), clean(target)) else {
        return Ok(quantity);
    };
    if normalize_name(u) == normalize_name(t) || same_unit(u, t) == Some(true) {
        return Ok(quantity);
    }
    let (row_pack, target_pack) = (is_pack(u, spec), is_pack(t, target_spec));
    match (row_pack, target_pack) {
        (true, false) => {
            let pack = pack_of(spec, Some(t))
                .or_else(|| pack_of(target_spec, Some(t)))
                .ok_or(UnitIssue::PackSizeUnknown)?;
            money::mul(quantity, pack.count).map_err(UnitIssue::Arithmetic)
        }
        (false, true) => {
            let pack = pack_of(target_spec, Some(u))
                .or_else(|| pack_of(spec, Some(u)))
                .ok_or(UnitIssue::PackSizeUnknown)?;
            money::ratio(quantity, pack.count).ok_or(UnitIssue::PackSizeUnknown)
        }
        // two packs (盒 and the container a specification names) or two smallest units
        (true, true) => Ok(quantity),
        (false, false) => Err(UnitIssue::Mismatch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn packs_convert_through_the_specification_only() {
        assert_eq!(
            in_smallest_units(d("3"), Some("盒"), Some("4mg×30粒/盒")),
            Ok(d("90"))
        );
        assert_eq!(
            in_smallest_units(d("2"), Some("瓶"), Some("0.1g×100片/瓶")),
            Ok(d("200"))
        );
        assert_eq!(
            in_smallest_units(d("2"), Some("瓶"), Some("100ml:37g(I)")),
            Ok(d("2"))
        );
        assert_eq!(
            in_smallest_units(d("-1"), Some("box"), Some("10 mg × 14 tablets/box")),
            Ok(d("-14"))
        );
        assert_eq!(
            in_smallest_units(d("3"), Some("盒"), Some("4mg")),
            Err(UnitIssue::PackSizeUnknown)
        );
        assert_eq!(
            in_smallest_units(d("3"), Some("盒"), None),
            Err(UnitIssue::PackSizeUnknown)
        );
        assert_eq!(in_smallest_units(d("3"), Some("粒"), None), Ok(d("3")));
        assert_eq!(
            in_smallest_units(d("3"), None, Some("4mg×30粒/盒")),
            Ok(d("3"))
        );
    }

    #[test]
    fn rows_convert_to_the_agreed_unit() {
        // boxes bought, capsules agreed
        assert_eq!(
            in_unit_of(d("3"), Some("盒"), Some("4mg×30粒/盒"), Some("粒"), None),
            Ok(d("90"))
        );
        // the agreed row's specification states the pack when the purchase row's does not
        assert_eq!(
            in_unit_of(d("3"), Some("盒"), None, Some("粒"), Some("4mg×30粒/盒")),
            Ok(d("90"))
        );
        // capsules bought, boxes agreed: a quotient
        assert_eq!(
            in_unit_of(d("45"), Some("粒"), Some("4mg×30粒/盒"), Some("盒"), None),
            Ok(d("1.5"))
        );
        assert_eq!(
            in_unit_of(
                d("10"),
                Some("片"),
                Some("10mg×7片×4板/盒"),
                Some("盒"),
                None
            ),
            Ok(d("0.357142857143"))
        );
        // the same unit, or either not stated
        assert_eq!(
            in_unit_of(d("3"), Some("盒"), None, Some("box"), None),
            Ok(d("3"))
        );
        assert_eq!(in_unit_of(d("3"), None, None, Some("粒"), None), Ok(d("3")));
        assert_eq!(in_unit_of(d("3"), Some("盒"), None, None, None), Ok(d("3")));
        // never guessed
        assert_eq!(
            in_unit_of(d("3"), Some("盒"), None, Some("粒"), None),
            Err(UnitIssue::PackSizeUnknown)
        );
        assert_eq!(
            in_unit_of(d("3"), Some("盒"), Some("4mg×30粒/盒"), Some("片"), None),
            Err(UnitIssue::PackSizeUnknown)
        );
        assert_eq!(
            in_unit_of(d("3"), Some("片"), None, Some("粒"), None),
            Err(UnitIssue::Mismatch)
        );
    }
}
