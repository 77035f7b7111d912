//! The fast path for household JSON text: a small reader of exactly the household document's
//! shape, straight into a typed [`Household`], with no [`crate::json::Value`] tree in between.
//!
//! It reads only what it is sure the slow path (the core's JSON reader, then
//! [`crate::validate::parse_household`]) reads the same way, and gives up (`None`) on anything
//! else: an unknown or repeated key, a string with a backslash escape or a control character, a
//! number with an exponent or a leading zero, a value of the wrong type, money or a date or a word
//! the slow path would refuse, a document over the 1 MiB limit, a byte order mark, anything after
//! the document. Every field is read with the slow path's own functions
//! ([`parse_money_text`], [`crate::date::parse_date`], `from_wire`,
//! [`crate::reconcile::id::canonical`]), so an amount keeps its scale; `null` is absent, as
//! there.
//!
//! The limits that need no reading (ids of 1–64 characters and not blank, distinct members, a
//! hospital stay's person among the members, money signs, dates not after the as-of date, ages,
//! grades, counts) are left to the typed check ([`crate::validate::check_household`]): a household
//! read here is given to the rules only when it passes it, and then the slow path would have
//! given back an equal household. Otherwise the slow path reads the text again, for its exact
//! errors (`core/tests/fast_json.rs` checks both claims).

use rust_decimal::Decimal;

use crate::date::{Date, parse_date};
use crate::model::{
    Credit, DibaoReceipt, Disability, DisabilityCategory, Employment, Guardianship, HospitalLevel,
    Hospitalization, Household, HousingGrade, Income, LaborCapacity, Member, MonitoringCategory,
    MonitoringRecord, RigidExpenditure, SchoolStage, Schooling, SchoolingStatus,
};
use crate::money::parse_money_text;
use crate::validate::{HOUSEHOLD_KEYS, MAX_DOCUMENT_BYTES, MEMBER_KEYS};

/// The household in `text`, when it is one this reader is sure of; `None` sends the text to the
/// slow path. A household given back still has to pass
/// [`check_household`](crate::validate::check_household).
pub fn household_from_json(text: &[u8]) -> Option<Household> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return None;
    }
    // UTF-8 checked once for the whole text (quicker than string by string).
    let text = std::str::from_utf8(text).ok()?;
    let mut r = Reader { text, at: 0 };
    let household = r.household()?;
    r.space();
    (r.at == text.len()).then_some(household)
}

/// A JSON scalar as written: strings without escapes, numbers as their text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scalar<'t> {
    Null,
    Bool(bool),
    Str(&'t str),
    Num(&'t str),
}

/// A cursor over the text.
struct Reader<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Reader<'t> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips JSON white space (the four characters JSON allows, no others).
    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// The byte `b`, after white space.
    fn eat(&mut self, b: u8) -> Option<()> {
        self.space();
        (self.peek() == Some(b)).then(|| self.at += 1)
    }

    /// A string without escapes or control characters.
    fn string(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.at;
        self.at += plain_len(self.text.as_bytes().get(start..)?);
        // Stopped at the closing quote, not at an escape or a control character.
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        self.text.get(start..self.at - 1)
    }

    /// `-?(0|[1-9][0-9]*)(.[0-9]+)?`: JSON's numbers without an exponent.
    fn number(&mut self) -> Option<&'t str> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let first = self.peek();
        let int = self.digits();
        if int == 0 || (int > 1 && first == Some(b'0')) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return None;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            return None;
        }
        self.text.get(start..self.at)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        self.at - start
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let found = self.text.as_bytes().get(self.at..)?.starts_with(word);
        found.then(|| self.at += word.len())
    }

    fn scalar(&mut self) -> Option<Scalar<'t>> {
        self.space();
        match self.peek()? {
            b'"' => self.string().map(Scalar::Str),
            b't' => self.literal(b"true").map(|()| Scalar::Bool(true)),
            b'f' => self.literal(b"false").map(|()| Scalar::Bool(false)),
            b'n' => self.literal(b"null").map(|()| Scalar::Null),
            b'-' | b'0'..=b'9' => self.number().map(Scalar::Num),
            _ => None,
        }
    }

    /// `null` (absent, as in the slow path), consumed; `false` for anything else.
    fn null(&mut self) -> bool {
        self.space();
        self.peek() == Some(b'n') && self.literal(b"null").is_some()
    }

    /// A scalar read by `read`, `null` giving `None`.
    fn opt<T>(&mut self, read: impl FnOnce(Scalar<'t>) -> Option<T>) -> Option<Option<T>> {
        match self.scalar()? {
            Scalar::Null => Some(None),
            s => read(s).map(Some),
        }
    }

    /// A scalar read by `read`, `null` giving `default`.
    fn or<T>(&mut self, read: impl FnOnce(Scalar<'t>) -> Option<T>, default: T) -> Option<T> {
        Some(self.opt(read)?.unwrap_or(default))
    }

    /// A scalar read by `read` into `slot`, which keeps its value on `null` (absent: the slot
    /// holds the field's default, from [`Household::absent`] or [`Member::absent`]; an object's
    /// keys are read once each, so nothing was read into it before).
    fn set<T>(&mut self, slot: &mut T, read: impl FnOnce(Scalar<'t>) -> Option<T>) -> Option<()> {
        if let Some(v) = self.opt(read)? {
            *slot = v;
        }
        Some(())
    }

    /// A required scalar read by `read` (`null` is missing).
    fn req<T>(&mut self, read: impl FnOnce(Scalar<'t>) -> Option<T>) -> Option<T> {
        self.scalar().and_then(read)
    }

    /// An object whose keys are among `keys`, each once; `field` reads the value of each.
    fn object(
        &mut self,
        keys: &[&str],
        mut field: impl FnMut(&mut Self, &str) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        let mut seen = 0u32;
        loop {
            let key = self.string()?;
            let bit = keys
                .iter()
                .position(|k| *k == key)
                .and_then(|i| u32::try_from(i).ok())
                .and_then(|i| 1u32.checked_shl(i))?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            self.eat(b':')?;
            field(self, key)?;
            self.space();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
            self.space();
        }
    }

    /// An array; `item` reads each element.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(());
        }
        loop {
            item(self)?;
            self.space();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// An object read by `read`, `null` giving `None`.
    fn opt_object<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.null() {
            Some(None)
        } else {
            read(self).map(Some)
        }
    }

    /// An object read by `read` into `slot`, which keeps its value on `null` (as [`Self::set`]).
    fn set_object<T>(
        &mut self,
        slot: &mut T,
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<()> {
        if let Some(v) = self.opt_object(read)? {
            *slot = v;
        }
        Some(())
    }

    fn household(&mut self) -> Option<Household> {
        let (mut id, mut village_id, mut alleviated, mut members) = (None, None, None, None);
        // Every optional field as absent; a field given `null` keeps that value too.
        let mut h = Household::absent();
        self.object(HOUSEHOLD_KEYS, |r, key| {
            match key {
                "id" => id = Some(r.req(text)?),
                "village_id" => village_id = r.opt(text)?,
                "poverty_alleviated" => alleviated = Some(r.req(boolean)?),
                "members" => members = Some(r.members()?),
                "income" => r.set_object(&mut h.income, Self::income)?,
                "previous_year_income" => h.previous_year_income = r.opt(money)?,
                "rigid_expenditure" => r.set_object(&mut h.rigid_expenditure, Self::rigid)?,
                "housing_grade" => h.housing_grade = r.opt(|s| word(s, HousingGrade::from_wire))?,
                "drinking_water_safe" => r.set(&mut h.drinking_water_safe, boolean)?,
                "food_clothing_secure" => r.set(&mut h.food_clothing_secure, boolean)?,
                "assets_within_limit" => h.assets_within_limit = r.opt(boolean)?,
                "dibao" => h.dibao = r.opt_object(Self::dibao)?,
                "monitoring" => h.monitoring = r.opt_object(Self::monitoring)?,
                "credit" => h.credit = r.opt_object(Self::credit)?,
                "hospitalizations" => {
                    if !r.null() {
                        h.hospitalizations = r.hospitalizations()?;
                    }
                }
                _ => return None,
            }
            Some(())
        })?;
        h.id = id?;
        h.village_id = village_id;
        h.poverty_alleviated = alleviated?;
        h.members = members?;
        Some(h)
    }

    fn members(&mut self) -> Option<Vec<Member>> {
        let mut members = Vec::new();
        self.array(|r| {
            members.push(r.member()?);
            Some(())
        })?;
        Some(members)
    }

    fn member(&mut self) -> Option<Member> {
        let (mut id, mut birth, mut labor, mut insured) = (None, None, None, None);
        // Every optional field as absent; a field given `null` keeps that value too.
        let mut m = Member::absent();
        self.object(MEMBER_KEYS, |r, key| {
            match key {
                "id" => id = Some(r.req(text)?),
                "birth_date" => birth = Some(r.req(date)?),
                "labor_capacity" => labor = Some(r.req(|s| word(s, LaborCapacity::from_wire))?),
                "medical_insured" => insured = Some(r.req(boolean)?),
                "disability" => m.disability = r.opt_object(Self::disability)?,
                "schooling" => m.schooling = r.opt_object(Self::schooling)?,
                "pension_insured" => r.set(&mut m.pension_insured, boolean)?,
                "tekun" => r.set(&mut m.tekun, boolean)?,
                "legal_supporter_able" => r.set(&mut m.legal_supporter_able, boolean)?,
                "own_income" => r.set(&mut m.own_income, money)?,
                "employment" => r.set_object(&mut m.employment, Self::employment)?,
                "guardianship" => {
                    r.set(&mut m.guardianship, |s| word(s, Guardianship::from_wire))?;
                }
                "self_care_able" => r.set(&mut m.self_care_able, boolean)?,
                "id_number" => m.id_number = r.opt(id_number)?,
                _ => return None,
            }
            Some(())
        })?;
        m.id = id?;
        m.birth_date = birth?;
        m.labor_capacity = labor?;
        m.medical_insured = insured?;
        Some(m)
    }

    fn disability(&mut self) -> Option<Disability> {
        let (mut grade, mut category) = (None, None);
        self.object(&["grade", "category"], |r, key| {
            match key {
                "grade" => grade = Some(r.req(whole).and_then(|n| u8::try_from(n).ok())?),
                "category" => category = Some(r.req(|s| word(s, DisabilityCategory::from_wire))?),
                _ => return None,
            }
            Some(())
        })?;
        Some(Disability {
            grade: grade?,
            category: category?,
        })
    }

    fn schooling(&mut self) -> Option<Schooling> {
        let (mut status, mut stage) = (None, None);
        self.object(&["status", "stage"], |r, key| {
            match key {
                "status" => status = Some(r.req(|s| word(s, SchoolingStatus::from_wire))?),
                "stage" => stage = Some(r.req(|s| word(s, SchoolStage::from_wire))?),
                _ => return None,
            }
            Some(())
        })?;
        Some(Schooling {
            status: status?,
            stage: stage?,
        })
    }

    fn employment(&mut self) -> Option<Employment> {
        let mut e = Employment::default();
        self.object(&["wants_work", "wants_training", "employed"], |r, key| {
            match key {
                "wants_work" => r.set(&mut e.wants_work, boolean)?,
                "wants_training" => r.set(&mut e.wants_training, boolean)?,
                "employed" => r.set(&mut e.employed, boolean)?,
                _ => return None,
            }
            Some(())
        })?;
        Some(e)
    }

    fn income(&mut self) -> Option<Income> {
        let mut i = Income::default();
        self.object(&["wages", "business", "property", "transfers"], |r, key| {
            let slot = match key {
                "wages" => &mut i.wages,
                "business" => &mut i.business,
                "property" => &mut i.property,
                "transfers" => &mut i.transfers,
                _ => return None,
            };
            *slot = r.or(money, Decimal::ZERO)?;
            Some(())
        })?;
        Some(i)
    }

    fn rigid(&mut self) -> Option<RigidExpenditure> {
        let mut x = RigidExpenditure::default();
        self.object(
            &["medical", "education", "disaster", "accident"],
            |r, key| {
                let slot = match key {
                    "medical" => &mut x.medical,
                    "education" => &mut x.education,
                    "disaster" => &mut x.disaster,
                    "accident" => &mut x.accident,
                    _ => return None,
                };
                *slot = r.or(money, Decimal::ZERO)?;
                Some(())
            },
        )?;
        Some(x)
    }

    fn dibao(&mut self) -> Option<DibaoReceipt> {
        let mut since = None;
        let mut benefit = Decimal::ZERO;
        let mut exceeded = None;
        let keys = ["since", "current_monthly_benefit", "income_exceeded_on"];
        self.object(&keys, |r, key| {
            match key {
                "since" => since = Some(r.req(date)?),
                "current_monthly_benefit" => benefit = r.or(money, Decimal::ZERO)?,
                "income_exceeded_on" => exceeded = r.opt(date)?,
                _ => return None,
            }
            Some(())
        })?;
        Some(DibaoReceipt {
            since: since?,
            current_monthly_benefit: benefit,
            income_exceeded_on: exceeded,
        })
    }

    fn monitoring(&mut self) -> Option<MonitoringRecord> {
        let (mut category, mut since, mut stable, mut measures) = (None, None, 0, 0);
        let keys = ["category", "since", "stable_income_months", "measures"];
        self.object(&keys, |r, key| {
            match key {
                "category" => category = Some(r.req(|s| word(s, MonitoringCategory::from_wire))?),
                "since" => since = Some(r.req(date)?),
                "stable_income_months" => stable = r.or(whole, 0)?,
                "measures" => measures = r.or(whole, 0)?,
                _ => return None,
            }
            Some(())
        })?;
        Some(MonitoringRecord {
            category: category?,
            since: since?,
            stable_income_months: stable,
            measures,
        })
    }

    fn credit(&mut self) -> Option<Credit> {
        let (mut rating_ok, mut outstanding) = (None, Decimal::ZERO);
        self.object(&["rating_ok", "outstanding"], |r, key| {
            match key {
                "rating_ok" => rating_ok = Some(r.req(boolean)?),
                "outstanding" => outstanding = r.or(money, Decimal::ZERO)?,
                _ => return None,
            }
            Some(())
        })?;
        Some(Credit {
            rating_ok: rating_ok?,
            outstanding,
        })
    }

    fn hospitalizations(&mut self) -> Option<Vec<Hospitalization>> {
        let mut stays = Vec::new();
        self.array(|r| {
            let (mut person, mut expense, mut level) = (None, None, None);
            r.object(&["person_id", "expense", "level"], |r, key| {
                match key {
                    "person_id" => person = Some(r.req(text)?),
                    "expense" => expense = Some(r.req(money)?),
                    "level" => level = Some(r.req(|s| word(s, HospitalLevel::from_wire))?),
                    _ => return None,
                }
                Some(())
            })?;
            stays.push(Hospitalization {
                person_id: person?,
                expense: expense?,
                level: level?,
            });
            Some(())
        })?;
        Some(stays)
    }
}

/// How many bytes at the start of `bytes` stand in a string as they are: not `"`, not `\\`, not a
/// control character. Eight bytes at a time: in each word, a byte that is one of those sets its
/// high bit in `found` (the classic test for a zero byte, `(x - 0x01…) & !x & 0x80…`, on the word
/// xor `"`, the word xor `\\`, and the word less `0x20` each; a byte of 0x80 or more never sets
/// it). A borrow can set a false bit only above a true one, so the lowest bit set is exact.
fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = ONES * 0x80;
    let mut chunks = bytes.chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([b'"'; 8]));
        let quote = (w ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
        let backslash = (w ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
        let control = w.wrapping_sub(ONES * 0x20);
        let found = (quote | backslash | control) & !w & HIGH;
        if found != 0 {
            return n + found.trailing_zeros() as usize / 8;
        }
        n += 8;
    }
    let rest = chunks.remainder();
    n + rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(rest.len())
}

/// A string, kept as written (its limits are the typed check's).
fn text(s: Scalar<'_>) -> Option<String> {
    match s {
        Scalar::Str(s) => Some(s.to_owned()),
        _ => None,
    }
}

fn boolean(s: Scalar<'_>) -> Option<bool> {
    match s {
        Scalar::Bool(b) => Some(b),
        _ => None,
    }
}

/// Money: a number's text or a string that is not blank, read by [`parse_money_text`] as the
/// slow path reads it (its sign is the typed check's).
fn money(s: Scalar<'_>) -> Option<Decimal> {
    match s {
        Scalar::Num(t) => parse_money_text(t).ok(),
        Scalar::Str(t) if !t.trim().is_empty() => parse_money_text(t).ok(),
        _ => None,
    }
}

/// A whole number written with digits only, within `u32` (its range is the typed check's).
fn whole(s: Scalar<'_>) -> Option<u32> {
    match s {
        Scalar::Num(t) if t.bytes().all(|b| b.is_ascii_digit()) => t.parse().ok(),
        _ => None,
    }
}

fn date(s: Scalar<'_>) -> Option<Date> {
    match s {
        Scalar::Str(t) => parse_date(t).ok(),
        _ => None,
    }
}

fn word<T>(s: Scalar<'_>, from_wire: fn(&str) -> Option<T>) -> Option<T> {
    match s {
        Scalar::Str(t) => from_wire(t),
        _ => None,
    }
}

/// 公民身份号码, canonical (`x` read as `X`), as the slow path keeps it.
fn id_number(s: Scalar<'_>) -> Option<String> {
    match s {
        Scalar::Str(t) => crate::reconcile::id::canonical(t),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::plain_len;

    /// `plain_len` against its definition, one byte at a time: every kind of byte at every place
    /// of texts of 0 to 24 bytes, after plain bytes of each kind (ASCII, UTF-8, DEL).
    #[test]
    fn plain_len_stops_at_the_first_quote_backslash_or_control_character() {
        let slow = |b: &[u8]| {
            b.iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .unwrap_or(b.len())
        };
        for len in 0..=24 {
            for fill in [b'a', 0x7F, 0xE6, 0x21, 0x5D, 0x23, 0x5B, 0xA2, 0xDC, 0xFF] {
                let plain = vec![fill; len];
                assert_eq!(plain_len(&plain), len);
                for at in 0..len {
                    for stop in (0u8..=0x20).chain([b'"', b'\\']) {
                        let mut text = plain.clone();
                        if let Some(b) = text.get_mut(at) {
                            *b = stop;
                        }
                        // A second special byte later must not move the first.
                        if let Some(b) = text.get_mut(at + 3) {
                            *b = b'"';
                        }
                        assert_eq!(plain_len(&text), slow(&text), "{text:?}");
                    }
                }
            }
        }
    }
}
