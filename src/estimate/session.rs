//! An estimate kept up to date line by line, for a table being edited: [`EstimateSession`].
//!
//! Each line is priced once, when it is set (parsed, matched, priced by the same
//! [`Estimator`] code as a whole estimate, in its `alone` mode); the session keeps what the
//! line contributes and the sums. Replacing a line subtracts its old contribution and adds
//! its new one; removing it subtracts. Decimal addition and subtraction are exact, so the
//! sums equal those of a whole estimate of the same lines to the last digit.
//!
//! What is *not* a sum of per-line parts, and how the session gets it right:
//! - **what the first line names** — a drug's display name, kind and category, a category's
//!   label, the warnings given once per drug or batch, and the order of the drugs: the
//!   report walks the kept lines in order (no parsing, matching or pricing: a few
//!   operations a line) and takes the first;
//! - **capped lists** — the first [`MAX_LINE_WARNINGS_PER_CODE`] warnings of a code, the
//!   first [`MAX_REVIEW_LINES`] review items, the first [`MAX_LISTED_PROBLEMS`] problems: the
//!   same walk, through the estimator's own counting;
//! - **figures from all drugs** — rates, the simple and weighted averages, the comparison
//!   with the batch's cut, excluded drugs, net returns: computed from the per-drug sums by
//!   [`Estimator::finish`], the same code as a whole estimate;
//! - **an overflow of a running sum** — a whole estimate refuses the line whose addition
//!   would overflow a sum, which depends on the order of the lines. The session keeps the
//!   sum of every line's absolute figures (as the estimator's bulk mode does): while it fits
//!   a `Decimal`, no partial sum of any order can overflow, so no line is refused for it.
//!   When it does not fit, the session estimates its lines again as a whole (the same
//!   report, at the cost of a whole estimate).
//!
//! Lines are kept in the order of their line numbers, each number naming one line: the
//! report equals [`super::inputs::estimate_numbered_lines`] of the lines in that order.

use super::savings::LineFigures;
use super::*;
use crate::line::{parse_line, LineInput};
use std::collections::BTreeMap;

/// What one line contributes to the sums.
#[derive(Debug, Clone, Copy)]
struct Counted {
    si: usize,
    ki: usize,
    figures: LineFigures,
    quantity: Decimal,
}

impl Counted {
    fn estimated(&self) -> bool {
        self.si == source_index(PriceSource::Estimated)
    }
}

/// What a line gives besides its sums, in the order the estimator gives it.
#[derive(Debug, Clone, Default)]
struct Events {
    problems: Vec<Problem>,
    /// Each warning with its key's number (`EstimateSession::once_ids`) when it is given
    /// once per key (per drug, batch …).
    warnings: Vec<(Warning, Option<u32>)>,
    review: Option<ReviewItem>,
    reference_price: Option<String>,
    override_used: bool,
}

impl Events {
    fn is_empty(&self) -> bool {
        self.problems.is_empty()
            && self.warnings.is_empty()
            && self.review.is_none()
            && self.reference_price.is_none()
            && !self.override_used
    }
}

/// One kept line.
struct Slot {
    /// As given (for a whole estimate when a sum would not fit).
    input: std::result::Result<LineInput, Vec<Problem>>,
    /// The resolution that priced it (its drug and category), if it got that far.
    resolution: Option<usize>,
    counted: Option<Counted>,
    /// The priced line (kept unless `omit_lines`).
    priced: Option<PricedLine>,
    events: Option<Box<Events>>,
}

impl Slot {
    /// What the line gives now: its priced line or its problems, and its own warnings.
    fn outcome(&self, line: u64) -> LineOutcome {
        LineOutcome {
            line,
            priced: self.priced.clone().filter(|_| self.counted.is_some()),
            problems: self
                .events
                .as_ref()
                .map(|e| e.problems.clone())
                .unwrap_or_default(),
            warnings: self
                .events
                .as_ref()
                .map(|e| e.warnings.iter().map(|(w, _)| w.clone()).collect())
                .unwrap_or_default(),
        }
    }
}

/// How many of a sum's parts have each scale. A whole estimate's sum has the largest scale
/// of its parts (0 with none); the session's running sum keeps the scale of parts since
/// taken away, so the report writes each sum at the scale its current parts give (the same
/// value: `-1.000` and `-1` are equal, but a warning's words would show the difference).
#[derive(Debug, Clone, Copy, Default)]
struct Scales([u32; 29]);

impl Scales {
    fn step(&mut self, d: Decimal, minus: bool) {
        if let Some(c) = self.0.get_mut(d.scale() as usize) {
            *c = if minus { c.saturating_sub(1) } else { *c + 1 };
        }
    }

    fn step_figures(sc: &mut [Scales; 3], f: &LineFigures, minus: bool) {
        sc[0].step(f.baseline_spend, minus);
        sc[1].step(f.vbp_spend, minus);
        sc[2].step(f.savings, minus);
    }

    /// `acc` written at the largest scale of the current parts (exact: no part has more).
    fn written(&self, acc: Acc) -> Acc {
        let scale = (0..self.0.len())
            .rev()
            .find(|&i| self.0[i] > 0)
            .unwrap_or(0) as u32;
        let mut d = acc.value();
        if d.scale() > scale {
            d.rescale(scale);
        }
        Acc::from(d)
    }

    fn written_sums(sc: &[Scales; 3], s: &SumsAcc) -> SumsAcc {
        SumsAcc {
            lines: s.lines,
            baseline: sc[0].written(s.baseline),
            vbp: sc[1].written(s.vbp),
            savings: sc[2].written(s.savings),
        }
    }
}

/// The sums of one drug.
#[derive(Debug, Clone, Default)]
struct DrugSums {
    sums: SumsAcc,
    quantity: Acc,
    estimated_savings: Acc,
    /// Counted lines by price source.
    sources: [u64; 3],
    scales: [Scales; 3],
    quantity_scales: Scales,
    estimated_scales: Scales,
}

/// The sums of one category.
#[derive(Debug, Clone, Default)]
struct CategorySums {
    sums: SumsAcc,
    estimated_savings: Acc,
    scales: [Scales; 3],
    estimated_scales: Scales,
    /// Counted lines per drug (the estimator's drug index).
    drug_lines: FxHashMap<usize, u64>,
}

/// What setting a line gave: the line priced, or the problems that kept it from counting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineOutcome {
    /// The line number.
    pub line: u64,
    /// The priced line (`None` when it does not count).
    pub priced: Option<PricedLine>,
    /// Why it does not count.
    pub problems: Vec<Problem>,
    /// The warnings the line gives on its own (a warning given once per drug is listed in
    /// a report only for the drug's first line).
    pub warnings: Vec<Warning>,
}

/// An estimate kept up to date as lines are set and removed (see the module's notes).
pub struct EstimateSession<'c> {
    catalog: &'c Catalog,
    options: Options,
    /// Prices one line at a time (`alone`), keeping its resolutions for the lines to come.
    scratch: Estimator<'c>,
    slots: BTreeMap<u64, Slot>,
    totals: SumsAcc,
    by_source: [SumsAcc; 3],
    by_kind: [SumsAcc; 2],
    /// By the estimator's drug index.
    drugs: Vec<DrugSums>,
    /// By the estimator's category index.
    categories: Vec<CategorySums>,
    /// The scales of the parts of `totals`, `by_source` and `by_kind` (see [`Scales`]).
    totals_scales: [Scales; 3],
    by_source_scales: [[Scales; 3]; 3],
    by_kind_scales: [[Scales; 3]; 2],
    /// The sums of every counted line's absolute figures (see the module's notes).
    bound: Bucket,
    /// A sum did not fit: the sums are summed again from the lines at the next report.
    stale: bool,
    /// Counts the edits that may have changed the review or the rejected rows.
    lists_version: u64,
    /// (code, key) of the warnings given once per key → a number (the report's walk marks
    /// each key seen in a vector instead of hashing its words for every line).
    once_ids: FxHashMap<(String, String), u32>,
}

/// `acc + sign × d`, on the fast path only (`None` when it does not fit).
fn step(acc: Acc, d: Decimal, minus: bool) -> Option<Acc> {
    acc.plus_fast(if minus { -d } else { d })
}

fn step_sums(s: &SumsAcc, f: &LineFigures, minus: bool) -> Option<SumsAcc> {
    Some(SumsAcc {
        lines: if minus {
            s.lines.checked_sub(1)?
        } else {
            s.lines + 1
        },
        baseline: step(s.baseline, f.baseline_spend, minus)?,
        vbp: step(s.vbp, f.vbp_spend, minus)?,
        savings: step(s.savings, f.savings, minus)?,
    })
}

impl<'c> EstimateSession<'c> {
    /// A session with no lines, pricing against `catalog` with `options`.
    pub fn new(catalog: &'c Catalog, options: Options) -> Result<Self> {
        let mut scratch = Estimator::new(
            catalog,
            Options {
                omit_lines: false,
                ..options.clone()
            },
        )?;
        scratch.alone = true;
        Ok(EstimateSession {
            catalog,
            options,
            scratch,
            slots: BTreeMap::new(),
            totals: SumsAcc::default(),
            by_source: Default::default(),
            by_kind: Default::default(),
            drugs: Vec::new(),
            categories: Vec::new(),
            totals_scales: Default::default(),
            by_source_scales: Default::default(),
            by_kind_scales: Default::default(),
            bound: Bucket::default(),
            stale: false,
            lists_version: 0,
            once_ids: FxHashMap::default(),
        })
    }

    /// The number of lines kept.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when no line is kept.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// A number that changes whenever an edit may have changed the review or the rejected
    /// rows of the report (so a caller that has them need not take them again).
    pub fn lists_version(&self) -> u64 {
        self.lists_version
    }

    /// Sets line `line` (adds it, or replaces the line of that number). `input` is the
    /// line's cells, or the problems a binding found in them already.
    pub fn set(
        &mut self,
        line: u64,
        input: std::result::Result<LineInput, Vec<Problem>>,
    ) -> LineOutcome {
        let old = self.slots.get(&line).map(lists_part);
        let version = self.lists_version;
        self.remove(line);
        let slot = self.price(line, input);
        self.lists_version = if old.unwrap_or_default() == lists_part(&slot) {
            version
        } else {
            version + 1
        };
        if let Some(c) = slot.counted {
            self.apply(slot.resolution, &c, false);
        }
        let outcome = slot.outcome(line);
        let mut slot = slot;
        if self.options.omit_lines {
            slot.priced = None;
        }
        self.slots.insert(line, slot);
        outcome
    }

    /// Removes line `line`; false when there is none.
    pub fn remove(&mut self, line: u64) -> bool {
        let Some(slot) = self.slots.remove(&line) else {
            return false;
        };
        if lists_part(&slot) != Default::default() {
            self.lists_version += 1;
        }
        if let Some(c) = slot.counted {
            self.apply(slot.resolution, &c, true);
        }
        true
    }

    /// Adds (or with `minus` subtracts) a line's contribution to every sum it is part of.
    fn apply(&mut self, resolution: Option<usize>, c: &Counted, minus: bool) {
        if self.stale {
            return; // summed again from the lines at the next report
        }
        let Some((d, k)) = resolution
            .and_then(|r| self.scratch.resolutions.get(r))
            .map(|r| (r.drug, r.category))
        else {
            self.stale = true;
            return;
        };
        let abs = LineFigures {
            baseline_spend: c.figures.baseline_spend.abs(),
            vbp_spend: c.figures.vbp_spend.abs(),
            savings: c.figures.savings.abs(),
        };
        if self.drugs.len() <= d {
            self.drugs.resize_with(d + 1, Default::default);
        }
        if self.categories.len() <= k {
            self.categories.resize_with(k + 1, Default::default);
        }
        let done = (|| {
            // the bound first: while it fits, every sum below fits (the module's notes)
            let bound = Bucket {
                sums: step_sums(&self.bound.sums, &abs, minus)?,
                quantity: step(self.bound.quantity, c.quantity.abs(), minus)?,
            };
            let totals = step_sums(&self.totals, &c.figures, minus)?;
            let source = step_sums(&self.by_source[c.si], &c.figures, minus)?;
            let kind = step_sums(&self.by_kind[c.ki], &c.figures, minus)?;
            let drug = &self.drugs[d];
            let est = c.estimated();
            let mut sources = drug.sources;
            sources[c.si] = if minus {
                sources[c.si].checked_sub(1)?
            } else {
                sources[c.si] + 1
            };
            let mut new_drug = DrugSums {
                sums: step_sums(&drug.sums, &c.figures, minus)?,
                quantity: step(drug.quantity, c.quantity, minus)?,
                estimated_savings: if est {
                    step(drug.estimated_savings, c.figures.savings, minus)?
                } else {
                    drug.estimated_savings
                },
                sources,
                ..drug.clone()
            };
            Scales::step_figures(&mut new_drug.scales, &c.figures, minus);
            new_drug.quantity_scales.step(c.quantity, minus);
            if est {
                new_drug.estimated_scales.step(c.figures.savings, minus);
            }
            let cat = &self.categories[k];
            let cat_sums = step_sums(&cat.sums, &c.figures, minus)?;
            let cat_est = if est {
                step(cat.estimated_savings, c.figures.savings, minus)?
            } else {
                cat.estimated_savings
            };
            let n = cat.drug_lines.get(&d).copied().unwrap_or(0);
            let n = if minus { n.checked_sub(1)? } else { n + 1 };
            // every new sum fits: commit
            self.bound = bound;
            self.totals = totals;
            self.by_source[c.si] = source;
            self.by_kind[c.ki] = kind;
            self.drugs[d] = new_drug;
            Scales::step_figures(&mut self.totals_scales, &c.figures, minus);
            Scales::step_figures(&mut self.by_source_scales[c.si], &c.figures, minus);
            Scales::step_figures(&mut self.by_kind_scales[c.ki], &c.figures, minus);
            let cat = &mut self.categories[k];
            cat.sums = cat_sums;
            cat.estimated_savings = cat_est;
            Scales::step_figures(&mut cat.scales, &c.figures, minus);
            if est {
                cat.estimated_scales.step(c.figures.savings, minus);
            }
            if n == 0 {
                cat.drug_lines.remove(&d);
            } else {
                cat.drug_lines.insert(d, n);
            }
            Some(())
        })();
        if done.is_none() {
            self.stale = true;
        }
    }

    /// Prices one line on its own: what it contributes and what it says.
    fn price(&mut self, n: u64, input: std::result::Result<LineInput, Vec<Problem>>) -> Slot {
        let s = &mut self.scratch;
        s.warnings.clear();
        s.warned.clear();
        s.line_warnings.clear();
        s.once_keys.clear();
        s.review.clear();
        s.review_not_listed = 0;
        s.lines.clear();
        s.rejected.clear();
        s.used_reference_prices.clear();
        s.overrides_used.clear();
        s.last_resolution = None;
        let mut events = Events::default();
        let mut counted = None;
        let mut priced = None;
        match input.clone().and_then(|i| parse_line(n, &i)) {
            Err(problems) => events.problems = problems,
            Ok(line) => match s.add(line) {
                Err(p) => events.problems.push(p),
                Ok(()) => {
                    if let Some(l) = s.lines.pop() {
                        counted = Some(Counted {
                            si: source_index(l.price_source),
                            ki: kind_index(l.kind),
                            figures: LineFigures {
                                baseline_spend: l.baseline_spend,
                                vbp_spend: l.vbp_spend,
                                savings: l.savings,
                            },
                            quantity: l.quantity,
                        });
                        priced = Some(l);
                    }
                }
            },
        }
        let mut keys: BTreeMap<usize, String> = s.once_keys.drain(..).collect();
        let ids = &mut self.once_ids;
        events.warnings = s
            .warnings
            .drain(..)
            .enumerate()
            .map(|(i, w)| {
                let id = keys.remove(&i).map(|key| {
                    let next = ids.len() as u32;
                    *ids.entry((w.code.clone(), key)).or_insert(next)
                });
                (w, id)
            })
            .collect();
        events.review = s.review.pop();
        events.reference_price = s.used_reference_prices.pop();
        events.override_used = s.overrides_used.contains(&n);
        Slot {
            input,
            resolution: s.last_resolution,
            counted,
            priced,
            events: (!events.is_empty()).then(|| Box::new(events)),
        }
    }

    /// Sums every kept line again (after a sum did not fit); false when the bound still
    /// does not fit (a whole estimate decides then).
    fn resum(&mut self) -> bool {
        self.totals = SumsAcc::default();
        self.by_source = Default::default();
        self.by_kind = Default::default();
        self.drugs.clear();
        self.categories.clear();
        self.totals_scales = Default::default();
        self.by_source_scales = Default::default();
        self.by_kind_scales = Default::default();
        self.bound = Bucket::default();
        self.stale = false;
        let parts: Vec<(Option<usize>, Counted)> = self
            .slots
            .values()
            .filter_map(|s| Some((s.resolution, s.counted?)))
            .collect();
        for (r, c) in parts {
            self.apply(r, &c, false);
            if self.stale {
                return false;
            }
        }
        true
    }

    /// The report of the lines kept: the same as a whole estimate of them in the order of
    /// their line numbers. `with_lines: false` leaves the per-line list out (the sums,
    /// tables, warnings, review and rejected rows stay), as `omit_lines` does.
    pub fn report(&mut self, with_lines: bool) -> Result<Estimate> {
        self.report_with(with_lines, true)
    }

    /// [`EstimateSession::report`], and with `with_lists: false` the review and the rejected
    /// rows left out (their counts and the warnings stay): for a caller that has them
    /// already, at the same [`EstimateSession::lists_version`].
    pub fn report_with(&mut self, with_lines: bool, with_lists: bool) -> Result<Estimate> {
        let mut report = self.whole_report(with_lines, with_lists)?;
        if !with_lists {
            report.review.clear();
            report.rejected.clear();
        }
        Ok(report)
    }

    fn whole_report(&mut self, with_lines: bool, with_lists: bool) -> Result<Estimate> {
        if self.stale && !self.resum() {
            let mut options = self.options.clone();
            options.omit_lines |= !with_lines;
            let lines: Vec<_> = self
                .slots
                .iter()
                .map(|(n, s)| (*n, s.input.as_ref().map_err(Clone::clone)))
                .collect();
            return inputs::estimate_numbered_lines(lines, self.catalog, &options);
        }
        let mut options = self.options.clone();
        options.omit_lines |= !with_lines;
        let mut est = Estimator::new(self.catalog, options)?;
        est.bulk = None;
        let scratch = &self.scratch;
        let mut drug_at: Vec<Option<usize>> = vec![None; scratch.drugs.len()];
        let mut cat_at: Vec<Option<usize>> = vec![None; scratch.categories.len()];
        let mut rows = 0u64;
        let mut once_seen = vec![false; self.once_ids.len()];
        for (&n, slot) in &self.slots {
            rows += 1;
            if let Some(res) = slot.resolution.and_then(|r| scratch.resolutions.get(r)) {
                let (d, k) = (res.drug, res.category);
                if let (Some(None), Some(t)) = (drug_at.get(d), &res.template) {
                    drug_at[d] = Some(est.drugs.len());
                    let sums = self.drugs.get(d).cloned().unwrap_or_default();
                    let mut summary = t.0.clone();
                    summary.price_sources = [
                        PriceSource::Input,
                        PriceSource::Catalog,
                        PriceSource::Estimated,
                    ]
                    .into_iter()
                    .filter(|s| sums.sources[source_index(*s)] > 0)
                    .collect();
                    summary.estimated = sums.sources[source_index(PriceSource::Estimated)] > 0;
                    est.drugs.push(DrugAcc {
                        summary,
                        counted_in: Vec::new(),
                        sums: Scales::written_sums(&sums.scales, &sums.sums),
                        quantity: sums.quantity_scales.written(sums.quantity),
                        estimated_savings: sums.estimated_scales.written(sums.estimated_savings),
                    });
                }
                if let (Some(None), Some(t)) = (cat_at.get(k), &res.template) {
                    cat_at[k] = Some(est.categories.len());
                    let sums = self.categories.get(k).cloned().unwrap_or_default();
                    est.categories.push(CategoryAcc {
                        summary: CategorySummary {
                            label: t.1.clone(),
                            drugs: 0,
                            sums: Sums::default(),
                            estimated_savings: Decimal::ZERO,
                        },
                        drugs: sums.drug_lines.len() as u32,
                        sums: Scales::written_sums(&sums.scales, &sums.sums),
                        estimated_savings: sums.estimated_scales.written(sums.estimated_savings),
                    });
                }
            }
            if let Some(ev) = &slot.events {
                for p in &ev.problems {
                    if with_lists {
                        est.reject(p.clone());
                    } else {
                        est.reject_uncopied(p);
                    }
                }
                for (w, once) in &ev.warnings {
                    if let Some(id) = once {
                        match once_seen.get_mut(*id as usize) {
                            Some(seen) if !*seen => *seen = true,
                            _ => continue,
                        }
                    }
                    if w.line.is_none() || est.line_warning_listed(&w.code) {
                        est.warnings.push(w.clone());
                    }
                }
                if let Some(item) = &ev.review {
                    if est.review.len() + est.review_uncopied >= MAX_REVIEW_LINES {
                        est.review_not_listed += 1;
                    } else if with_lists {
                        est.review.push(item.clone());
                    } else {
                        est.review_uncopied += 1;
                    }
                }
                // (a problem beyond the listed ones is counted by code without its words)
                if let Some(id) = &ev.reference_price {
                    if !est.used_reference_prices.contains(id) {
                        est.used_reference_prices.push(id.clone());
                    }
                }
                if ev.override_used {
                    est.overrides_used.insert(n);
                }
            }
            if with_lines && slot.counted.is_some() {
                if let Some(l) = &slot.priced {
                    est.lines.push(l.clone());
                }
            }
        }
        est.totals = Scales::written_sums(&self.totals_scales, &self.totals);
        for (i, s) in self.by_source.iter().enumerate() {
            est.by_source[i] = Scales::written_sums(&self.by_source_scales[i], s);
        }
        for (i, s) in self.by_kind.iter().enumerate() {
            est.by_kind[i] = Scales::written_sums(&self.by_kind_scales[i], s);
        }
        est.input.kind = "lines".into();
        est.input.rows = rows;
        Ok(est.finish())
    }

    /// What line `line` gives now: its priced line or its problems, and its own warnings.
    pub fn line(&self, line: u64) -> Option<LineOutcome> {
        let slot = self.slots.get(&line)?;
        Some(slot.outcome(line))
    }
}

/// What a line gives to the review and the rejected rows.
fn lists_part(slot: &Slot) -> (Vec<Problem>, Option<ReviewItem>) {
    match &slot.events {
        Some(e) => (e.problems.clone(), e.review.clone()),
        None => Default::default(),
    }
}
