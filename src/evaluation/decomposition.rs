//! Before and after: spend, quantities, DDDs, cost per DDD, the roles' shares, and the
//! multiplicative decomposition of the change in spending into volume, price and
//! structure (the A.M. index system of the published VBP evaluations).
//!
//! ```text
//! a product = drug + manufacturer;   q = DDDs when the basis is DDDs, else the quantity;   E = spend
//! expenditure index = E_post ÷ E_pre
//! volume index      = Q_post ÷ Q_pre                                   (Q = Σ q)
//! price index       = Σ E_post,i ÷ Σ (E_pre,i ÷ q_pre,i × q_post,i)    over products bought in both periods
//! structure index   = expenditure index ÷ (volume index × price index)
//! ```
//!
//! Each index is a quotient rounded to 12 decimal places, half away from zero. The
//! structure index is computed from the unrounded quotients (E_post × Q_pre × Σ(E_pre,i ÷
//! q_pre,i × q_post,i) ÷ (E_pre × Q_post × Σ E_post,i), one division), so the three
//! unrounded indices multiply to the expenditure index exactly, and the rounded ones
//! within 0.5 × 10⁻¹² × (1 + V × P + V × S + P × S).

use super::records::Role;
use super::report::{note, Decomposition, PeriodMetrics, ShareBasis};
use crate::error::Result;
use crate::line::Note;
use crate::values::money::{self, add, RATE_DP};
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

/// One counted purchase row, as the sums need it.
#[derive(Debug, Clone)]
pub struct Counted {
    pub role: Role,
    /// (drug key, normalised manufacturer).
    pub product: (String, String),
    pub spend: Decimal,
    /// The quantity in the smallest unit; `None` when a per-pack row's pack is unknown.
    pub units: Option<Decimal>,
    pub ddds: Option<Decimal>,
}

/// Sums over some rows. `None` quantity or DDDs: at least one row's is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sums {
    pub rows: u64,
    pub spend: Decimal,
    pub quantity: Option<Decimal>,
    pub ddds: Option<Decimal>,
}

impl Default for Sums {
    fn default() -> Sums {
        Sums {
            rows: 0,
            spend: Decimal::ZERO,
            quantity: Some(Decimal::ZERO),
            ddds: Some(Decimal::ZERO),
        }
    }
}

fn add_opt(a: Option<Decimal>, b: Option<Decimal>) -> Result<Option<Decimal>> {
    match (a, b) {
        (Some(a), Some(b)) => add(a, b).map(Some),
        _ => Ok(None),
    }
}

impl Sums {
    /// These sums with a row added (exactly; an error only when a sum overflows or loses digits).
    pub fn added(&self, r: &Counted) -> Result<Sums> {
        Ok(Sums {
            rows: self.rows + 1,
            spend: add(self.spend, r.spend)?,
            quantity: add_opt(self.quantity, r.units)?,
            ddds: add_opt(self.ddds, r.ddds)?,
        })
    }

    /// Adds a row (see [`Sums::added`]); on an error nothing changes.
    pub fn add(&mut self, r: &Counted) -> Result<()> {
        *self = self.added(r)?;
        Ok(())
    }

    /// The sum on a basis.
    pub fn basis(&self, basis: ShareBasis) -> Option<Decimal> {
        match basis {
            ShareBasis::Ddds => self.ddds,
            ShareBasis::Quantity => self.quantity,
        }
    }
}

/// A period's sums: all rows, by role, by product.
#[derive(Debug, Clone, Default)]
pub struct PeriodSums {
    pub all: Sums,
    pub by_role: [Sums; 3],
    pub products: BTreeMap<(String, String), Sums>,
}

/// A period's sums with a row added, to be [`PeriodSums::commit`]ted: every sum checked first.
pub struct Staged([Sums; 3]);

impl PeriodSums {
    /// The sums a row would give (all, its role, its product); an error when one overflows or loses digits.
    pub fn stage(&self, r: &Counted) -> Result<Staged> {
        let product = self
            .products
            .get(&r.product)
            .map_or_else(|| Sums::default().added(r), |p| p.added(r))?;
        Ok(Staged([
            self.all.added(r)?,
            self.by_role[r.role.index()].added(r)?,
            product,
        ]))
    }

    /// Keeps the sums [`PeriodSums::stage`] computed for `r`.
    pub fn commit(&mut self, r: &Counted, Staged([all, role, product]): Staged) {
        self.all = all;
        self.by_role[r.role.index()] = role;
        self.products.insert(r.product.clone(), product);
    }

    /// Adds a row; on an error nothing changes.
    pub fn add(&mut self, r: &Counted) -> Result<()> {
        let staged = self.stage(r)?;
        self.commit(r, staged);
        Ok(())
    }
}

/// The basis of a set of periods: DDDs when every row of them has DDDs (and there is a
/// row), else the quantity.
pub fn share_basis(periods: &[&PeriodSums]) -> ShareBasis {
    let rows: u64 = periods.iter().map(|p| p.all.rows).sum();
    if rows > 0 && periods.iter().all(|p| p.all.ddds.is_some()) {
        ShareBasis::Ddds
    } else {
        ShareBasis::Quantity
    }
}

/// Why a quotient is `null`: (field, reason in English, reason in Chinese).
pub type NullWhy = (&'static str, &'static str, &'static str);

/// A period's metrics on a basis, and why any quotient is null.
pub fn metrics(p: &PeriodSums, basis: ShareBasis) -> (PeriodMetrics, Vec<NullWhy>) {
    let mut why = Vec::new();
    let dddc = match p.all.ddds {
        Some(d) if d.is_zero() => {
            if p.all.rows > 0 {
                why.push(("dddc", "the DDDs sum to zero", "DDD数合计为零"));
            }
            None
        }
        Some(d) => money::ratio(p.all.spend, d),
        None => None,
    };
    let total = p.all.basis(basis);
    let share = |role: Role| -> Option<Decimal> {
        money::ratio(p.by_role[role.index()].basis(basis)?, total?)
    };
    if total.is_some_and(|t| t.is_zero()) && p.all.rows > 0 {
        why.push((
            "shares",
            "the basis (DDDs or quantity) sums to zero",
            "份额基数（DDD数或数量）合计为零",
        ));
    }
    let m = PeriodMetrics {
        rows: p.all.rows,
        spend: p.all.spend,
        quantity: p.all.quantity,
        ddds: p.all.ddds,
        dddc,
        winning_share: share(Role::Winning),
        non_winning_share: share(Role::NonWinning),
        alternative_share: share(Role::Alternative),
    };
    (m, why)
}

fn round(q: Decimal) -> Decimal {
    q.round_dp_with_strategy(RATE_DP, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// The decomposition of the change from `pre` to `post` on a basis, and why any index is null.
pub fn decompose(
    pre: &PeriodSums,
    post: &PeriodSums,
    basis: ShareBasis,
) -> (Decomposition, Vec<NullWhy>) {
    let mut why = Vec::new();
    let (e0, e1) = (pre.all.spend, post.all.spend);
    let expenditure = money::ratio(e1, e0);
    if expenditure.is_none() {
        why.push((
            "expenditure_index",
            "nothing was spent in the pre period",
            "集采前期间无支出",
        ));
    }
    let (q0, q1) = (pre.all.basis(basis), post.all.basis(basis));
    let volume = match (q0, q1) {
        (Some(q0), Some(q1)) => {
            let v = money::ratio(q1, q0);
            if v.is_none() {
                why.push((
                    "volume_index",
                    "the pre period's basis (DDDs or quantity) is zero",
                    "集采前期间的DDD数或数量为零",
                ));
            }
            v
        }
        _ => None,
    };
    // price: the products bought (q > 0) in both periods
    let mut matched = 0u64;
    let mut num = Some(Decimal::ZERO);
    let mut den = Some(Decimal::ZERO);
    for (key, p0) in &pre.products {
        let Some(p1) = post.products.get(key) else {
            continue;
        };
        let (Some(q0), Some(q1)) = (p0.basis(basis), p1.basis(basis)) else {
            continue;
        };
        if q0 <= Decimal::ZERO || q1 <= Decimal::ZERO {
            continue;
        }
        matched += 1;
        // E_pre,i ÷ q_pre,i × q_post,i: the post quantity at the pre price, kept to 12 places
        let at_pre_price = p0
            .spend
            .checked_mul(q1)
            .and_then(|x| x.checked_div(q0))
            .map(round);
        num = num.and_then(|n| add(n, p1.spend).ok());
        den = match (den, at_pre_price) {
            (Some(d), Some(x)) => add(d, x).ok(),
            _ => None,
        };
    }
    let (num, den) = if matched == 0 {
        (None, None)
    } else {
        (num, den)
    };
    let price = if matched == 0 {
        why.push((
            "price_index",
            "no product (drug + manufacturer) was bought in both periods",
            "没有在两个期间都有采购的产品（药品+生产企业）",
        ));
        None
    } else {
        match (num, den) {
            (Some(n), Some(d)) if !d.is_zero() => money::ratio(n, d),
            (Some(_), Some(_)) => {
                why.push((
                    "price_index",
                    "the matched products' spend at pre-period prices is zero",
                    "匹配产品按集采前价格计算的金额为零",
                ));
                None
            }
            _ => None,
        }
    };
    // structure = (E_post ÷ E_pre) ÷ ((Q_post ÷ Q_pre) × (num ÷ den)), from the unrounded
    // quotients as one division: E_post × Q_pre × den ÷ (E_pre × Q_post × num)
    let structure = match (volume, price, q0, q1, num, den) {
        (Some(v), Some(p), Some(q0), Some(q1), Some(n), Some(d)) if !e0.is_zero() => {
            let top = e1.checked_mul(q0).and_then(|x| x.checked_mul(d));
            let bottom = e0.checked_mul(q1).and_then(|x| x.checked_mul(n));
            let exact = match (top, bottom) {
                (Some(t), Some(b)) if !b.is_zero() => t.checked_div(b).map(round),
                _ => None,
            };
            // past 28 digits: the exact expenditure ratio ÷ the rounded indices
            let s = exact.or_else(|| {
                v.checked_mul(p)
                    .filter(|x| !x.is_zero())
                    .and_then(|x| e1.checked_div(e0)?.checked_div(x))
                    .map(round)
            });
            if s.is_none() {
                why.push((
                    "structure_index",
                    "volume index × price index is zero",
                    "数量指数 × 价格指数为零",
                ));
            }
            s
        }
        _ => None,
    };
    (
        Decomposition {
            expenditure_index: expenditure,
            volume_index: volume,
            price_index: price,
            structure_index: structure,
            matched_products: matched,
        },
        why,
    )
}

/// The formulas, with the literature they follow and where they differ from it.
pub fn formulas() -> Vec<Note> {
    vec![
        note("spend", "spend = Σ amount (the purchase records' exact amounts, returns negative)", "金额 = Σ 采购金额（精确值，退货为负）"),
        note(
            "quantity",
            "quantity = Σ quantity in the smallest unit: a row counted per box (盒, or the container its specification names) × the pack its specification states; a row in another unit, or with none stated, as written",
            "数量 = Σ 最小单位数量：按盒（或规格所写的包装）计的行 × 规格写明的每盒数量；其他单位或未写单位的行按原值",
        ),
        note(
            "ddds",
            "DDDs = Σ the rows' DDDs: the ddds column, else quantity × ddd_per_unit, else (a DDD table given) quantity in the smallest unit × the strength the specification states ÷ the DDD, rounded to 12 decimal places; null when any row has none",
            "DDD数 = Σ 各行DDD数：取DDD数列，否则数量 × 每单位DDD数，否则（给出DDD表时）最小单位数量 × 规格所写含量 ÷ DDD值（四舍五入保留12位小数）；任一行缺少时为空",
        ),
        note("dddc", "DDDc = spend ÷ DDDs (cost per defined daily dose)", "DDDc（日均费用）= 金额 ÷ DDD数"),
        note(
            "share",
            "a role's share = that role's basis ÷ the group's basis; the basis is DDDs when every counted row of the group in both periods has DDDs, else the quantity",
            "某类份额 = 该类基数 ÷ 品种基数；两个期间该品种所有计入的行均有DDD数时以DDD数为基数，否则以数量为基数",
        ),
        note(
            "decomposition",
            "a product = drug + manufacturer; q = DDDs when the basis is DDDs, else the quantity; expenditure index = E_post ÷ E_pre; volume index = Q_post ÷ Q_pre; price index = Σ E_post,i ÷ Σ (E_pre,i ÷ q_pre,i × q_post,i) over the products bought (q > 0) in both periods, each term kept to 12 decimal places; structure index = (E_post ÷ E_pre) ÷ (volume index × price index), computed from the unrounded quotients, so the three multiply to the expenditure index exactly before rounding, and within 0.5 × 10⁻¹² × (1 + V × P + V × S + P × S) after it",
            "产品 = 药品 + 生产企业；基数为DDD数时 q 取DDD数，否则取数量；费用指数 = E后 ÷ E前；数量指数 = Q后 ÷ Q前；价格指数 = Σ E后,i ÷ Σ (E前,i ÷ q前,i × q后,i)，i 为两个期间都有采购（q > 0）的产品，各项保留12位小数；结构指数 = (E后 ÷ E前) ÷ (数量指数 × 价格指数)，按未舍入的商计算，故舍入前三者之积恰等于费用指数，舍入后误差不超过 0.5 × 10⁻¹² × (1 + V × P + V × S + P × S)",
        ),
        note(
            "decomposition_source",
            "The multiplicative index system (the A.M. method, after Addis & Magrini) used in the published VBP evaluations: Chen L, Yang Y, Luo M, Hu B, Yin S, Mao Z. The Impacts of National Centralized Drug Procurement Policy on Drug Utilization and Drug Expenditures: The Case of Shenzhen, China. Int J Environ Res Public Health 2020;17(24):9415, doi:10.3390/ijerph17249415 (PMC7765443), whose abstract reports, for the '4+7' drugs in Shenzhen, structure 0.47 × price 0.78 × volume 1.73 against expenditure −36.9% (0.47 × 0.78 × 1.73 = 0.634 against 0.631, equal within the rounding of the published two-decimal indices). Differences: (1) the price index here is the issue's Paasche form, Σ p_post q_post ÷ Σ p_pre q_post over matched products; the Addis–Magrini form as printed in a later application (Front. Pharmacol. 2022;13:953990, Minas Gerais, Tables 2 and 4: E = P × V × D with P = P₁V₀ ÷ P₀V₀) weights prices by the pre-period volumes (Laspeyres) and takes the drug mix at post-period prices; Chen et al.'s own formula text was not available here (only the abstract), so their weighting is not confirmed. (2) The structure index is the residual, so it also carries products bought in one period only. (3) Chen et al. measure volume in DDDs; here the basis falls back to quantities where DDDs are unknown.",
            "乘法指数体系（A.M.法，Addis与Magrini）为已发表的集采评价所采用：Chen L等，《国家组织药品集中采购政策对药品使用和费用的影响：以深圳为例》，Int J Environ Res Public Health 2020;17(24):9415，doi:10.3390/ijerph17249415（PMC7765443）；其摘要报告深圳“4+7”药品结构指数0.47 × 价格指数0.78 × 数量指数1.73，费用下降36.9%（0.47 × 0.78 × 1.73 = 0.634，与0.631在两位小数的舍入范围内一致）。差异：(1) 此处价格指数为需求所定的帕氏形式 Σ p后 q后 ÷ Σ p前 q后（仅计两个期间都有采购的产品）；后续应用（Front. Pharmacol. 2022;13:953990，巴西米纳斯吉拉斯州，表2、表4：E = P × V × D，P = P₁V₀ ÷ P₀V₀）所列Addis–Magrini形式以集采前用量加权（拉氏），药品结构按集采后价格计算；Chen等原文公式此处无法获取（仅有摘要），其加权方式未能核实。(2) 结构指数为余项，也包含只在一个期间采购的产品的影响。(3) Chen等以DDD数计量用量；此处在DDD未知时以数量代替。",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn row(role: Role, product: &str, spend: &str, q: &str) -> Counted {
        Counted {
            role,
            product: ("x".into(), product.into()),
            spend: d(spend),
            units: Some(d(q)),
            ddds: None,
        }
    }

    fn sums(rows: &[Counted]) -> PeriodSums {
        let mut p = PeriodSums::default();
        for r in rows {
            p.add(r).unwrap();
        }
        p
    }

    #[test]
    fn a_worked_decomposition() {
        // pre: brand A 100 units at 10 (1000), generic B 100 at 5 (500)
        // post: A 20 units at 9 (180), B 300 at 1 (300), winner C 200 at 1 (200)
        let pre = sums(&[
            row(Role::NonWinning, "a", "1000", "100"),
            row(Role::Winning, "b", "500", "100"),
        ]);
        let post = sums(&[
            row(Role::NonWinning, "a", "180", "20"),
            row(Role::Winning, "b", "300", "300"),
            row(Role::Winning, "c", "200", "200"),
        ]);
        let (m, _) = decompose(&pre, &post, ShareBasis::Quantity);
        assert_eq!(m.expenditure_index, Some(d("0.453333333333"))); // 680 / 1500
        assert_eq!(m.volume_index, Some(d("2.6"))); // 520 / 200
                                                    // matched A, B: Σ post spend 480 ÷ Σ (10 × 20 + 5 × 300 = 1700)
        assert_eq!(m.price_index, Some(d("0.282352941176")));
        assert_eq!(m.matched_products, 2);
        let s = m.structure_index.unwrap();
        // (680 / 1500) ÷ (2.6 × 480 / 1700) = 680 × 200 × 1700 ÷ (1500 × 520 × 480) = 0.617521367521…
        assert_eq!(s, d("0.617521367521"));
        let (pm, _) = metrics(&post, ShareBasis::Quantity);
        assert_eq!(pm.winning_share, Some(d("0.961538461538"))); // 500 / 520
        assert_eq!(pm.non_winning_share, Some(d("0.038461538462")));
        assert_eq!(pm.alternative_share, Some(Decimal::ZERO));
    }

    #[test]
    fn zero_divisors_give_null_with_a_reason() {
        let pre = PeriodSums::default();
        let post = sums(&[row(Role::Winning, "b", "300", "300")]);
        let (m, why) = decompose(&pre, &post, ShareBasis::Quantity);
        assert_eq!(
            (
                m.expenditure_index,
                m.volume_index,
                m.price_index,
                m.structure_index
            ),
            (None, None, None, None)
        );
        let fields: Vec<&str> = why.iter().map(|w| w.0).collect();
        assert_eq!(
            fields,
            vec!["expenditure_index", "volume_index", "price_index"]
        );
        let (pm, why) = metrics(&pre, ShareBasis::Quantity);
        assert_eq!((pm.rows, pm.winning_share), (0, None));
        assert!(why.is_empty());
    }
}
