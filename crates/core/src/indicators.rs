//! Indicators of the shared situational picture: the catalogue (what an indicator is,
//! kept as data), the areas values are given for, the values themselves, and the rules
//! about them that need no database — which number is missing rather than zero, which
//! date decides a municipality's region in a statistical year, how a region's figure
//! comes from its members', and how a value is written for people.
//!
//! A missing or suppressed value is `None` everywhere, never 0: THL leaves small counts
//! out to protect privacy, and a 0 in their place would be a false figure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{Error, Problems};
use crate::model::{Id, Lang, Names, text_enum};

text_enum!(
    /// The kinds of area Foorumi keeps values for. Sotkanet has more (sub-regions,
    /// hospital districts, …); their values are not imported.
    AreaKind {
        Municipality = "municipality",
        WellbeingCounty = "wellbeing_county",
        /// A region (maakunta), the tenant's own level.
        Region = "region",
        Country = "country",
    }
);

impl AreaKind {
    /// The kind of a Sotkanet region category ("KUNTA"), when Foorumi keeps it.
    pub fn from_sotkanet(category: &str) -> Option<AreaKind> {
        match category.trim().to_ascii_uppercase().as_str() {
            "KUNTA" => Some(AreaKind::Municipality),
            "HYVINVOINTIALUE" => Some(AreaKind::WellbeingCounty),
            "MAAKUNTA" => Some(AreaKind::Region),
            "MAA" => Some(AreaKind::Country),
            _ => None,
        }
    }

    /// The official code at its full width: municipalities have three digits ("016";
    /// files that lost the zeros give "16"), regions and wellbeing services counties two
    /// ("07"), the country one to three digits (Sotkanet's "358"). None for anything else.
    pub fn normalise_code(self, raw: &str) -> Option<String> {
        let raw = raw.trim();
        match self {
            AreaKind::Municipality => crate::text::pad_municipality_code(raw),
            AreaKind::WellbeingCounty | AreaKind::Region => crate::text::pad_two_digit_code(raw),
            AreaKind::Country => (!raw.is_empty() && raw.len() <= 3 && raw.bytes().all(|b| b.is_ascii_digit())).then(|| raw.to_owned()),
        }
    }
}

text_enum!(
    /// Sotkanet's gender dimension; most indicators give only the total.
    Gender {
        Total = "total",
        Male = "male",
        Female = "female",
    }
);

text_enum!(
    /// Which way of an indicator is the good one, for colouring trends and maps.
    Better {
        Higher = "higher",
        Lower = "lower",
        /// Neither: a size or a share that is not good or bad in itself (population).
        Neither = "neither",
    }
);

text_enum!(
    /// The groups the situational picture shows indicators in.
    IndicatorGroup {
        Wellbeing = "wellbeing",
        Health = "health",
        Safety = "safety",
        Vitality = "vitality",
        /// The indicators of the wellbeing and health promotion (HYTE) coefficient, the
        /// state's funding criterion for municipalities and counties.
        HyteCoefficient = "hyte_coefficient",
    }
);

/// What the shown source of Sotkanet's data says ("Lähde: THL, Sotkanet").
pub const SOTKANET_SOURCE: &str = "THL, Sotkanet";

/// The most decimals an indicator is shown with.
pub const MAX_DECIMALS: i64 = 6;

/// An indicator of the catalogue, as the metadata import or an administrator gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorInput {
    pub name: Names,
    #[serde(default)]
    pub description: Names,
    /// The unit in words ("Per 100 000 inhabitants"); empty for plain counts.
    #[serde(default)]
    pub unit: Names,
    /// Decimals the values are shown with (Sotkanet's `decimals`).
    #[serde(default)]
    pub decimals: i64,
    /// The source every chart and table names: "THL, Sotkanet".
    pub source: String,
    /// Who produces the statistic (Sotkanet's `organization`: Statistics Finland, THL).
    #[serde(default)]
    pub producer: Names,
    #[serde(default = "neither")]
    pub better: Better,
    #[serde(default)]
    pub group: Option<IndicatorGroup>,
    /// Whether the members' values add up to the region's (counts such as population).
    /// Rates and shares do not: a region's rate is the source's own figure for the region.
    #[serde(default)]
    pub additive: bool,
}

fn neither() -> Better {
    Better::Neither
}

/// An indicator as the catalogue holds it. Its id is Sotkanet's where it has one (127 is
/// the population on 31 December), so links to Sotkanet and between files keep working.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Indicator {
    pub id: Id,
    pub version: i64,
    #[serde(flatten)]
    pub input: IndicatorInput,
}

/// The catalogue's rules on an indicator.
pub fn check_indicator(id: Id, input: &IndicatorInput) -> Result<(), Error> {
    let mut problems = Problems::default();
    problems.check(id > 0, "id", "error-indicator-id");
    problems.check(!input.name.fi.trim().is_empty(), "name.fi", "error-required");
    problems.check(!input.source.trim().is_empty(), "source", "error-required");
    problems.check((0..=MAX_DECIMALS).contains(&input.decimals), "decimals", "error-indicator-decimals");
    problems.into_result()
}

/// An area values are given for, by its official code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
pub struct AreaKey {
    pub kind: AreaKind,
    /// Official code: municipality "016", region "07", wellbeing services county "09",
    /// country "358" (as Sotkanet gives it).
    pub code: String,
}

impl AreaKey {
    pub fn new(kind: AreaKind, code: &str) -> AreaKey {
        AreaKey { kind, code: code.to_owned() }
    }

    /// Reads `municipality:398`, `region:07`, `wellbeing_county:9`, `country`, or a bare
    /// municipality code `398`.
    pub fn parse(text: &str) -> Option<AreaKey> {
        let (kind, code) = match text.split_once(':') {
            Some((kind, code)) => (AreaKind::parse(kind.trim())?, code),
            None if text.trim() == "country" => (AreaKind::Country, COUNTRY_CODE),
            None => (AreaKind::Municipality, text),
        };
        Some(AreaKey { kind, code: kind.normalise_code(code)? })
    }
}

impl std::fmt::Display for AreaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind, self.code)
    }
}

/// Sotkanet's code for the whole country.
pub const COUNTRY_CODE: &str = "358";

/// An area with its names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Area {
    #[serde(flatten)]
    pub key: AreaKey,
    pub name: Names,
}

/// One value of an indicator, with the area it is for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IndicatorValue {
    pub area: Area,
    pub year: i32,
    pub gender: Gender,
    /// The age group when the indicator is given by age; none for all ages.
    pub age_group: Option<String>,
    /// None when the source has no figure or suppressed it: shown as "ei tietoa",
    /// never as 0.
    pub value: Option<f64>,
    /// The count a rate is computed from, when the source gives it.
    pub absolute_value: Option<f64>,
}

/// The earliest and latest statistical years accepted.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// The date on which membership of a region decides where a year's value belongs: the
/// last day of the year. Population is counted on 31 December, and an area change takes
/// effect on 1 January, so the year before a change still counts the old way (Iitti's
/// 2020 values belong to Kymenlaakso, its 2021 values to Päijät-Häme; Nastola's 2015
/// values to Päijät-Häme as a municipality of its own).
pub fn membership_date(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists in every year")
}

/// How a file marks a value that is not there: an empty field, R's `NA`, or
/// Statistics Finland's `..` ("not available").
pub fn is_missing_marker(text: &str) -> bool {
    matches!(text.trim(), "" | "NA" | ".." | "null")
}

/// A field that should hold a number and holds something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// A number as a file writes it: `None` for a missing or suppressed value, an error for
/// anything that is not a finite number. `decimal_comma` accepts "12,5", which
/// Sotkanet's `;`-separated files write.
pub fn parse_number(text: &str, decimal_comma: bool) -> Result<Option<f64>, NotANumber> {
    if is_missing_marker(text) {
        return Ok(None);
    }
    let text = text.trim();
    let parsed = if decimal_comma && text.contains(',') { text.replacen(',', ".", 1).parse::<f64>() } else { text.parse::<f64>() };
    match parsed {
        // "inf" and "NaN" parse as floats but are no figures.
        Ok(number) if number.is_finite() => Ok(Some(number)),
        _ => Err(NotANumber),
    }
}

/// A region's figure for a year, as the members' values give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AggregateMethod {
    /// The sum of the member municipalities' values (counts such as population).
    SumOfMembers,
    /// The source's own figure for the region: a rate or share of a region is not the
    /// sum, nor the plain mean, of its members' rates, and without the counts behind
    /// them a weighted mean would be a guess.
    SourceValue,
}

impl AggregateMethod {
    pub fn for_indicator(input: &IndicatorInput) -> AggregateMethod {
        if input.additive { AggregateMethod::SumOfMembers } else { AggregateMethod::SourceValue }
    }
}

/// The sum of the members' values; None when there are no members or any member's value
/// is missing, because a sum without one municipality would be a wrong figure that looks
/// right.
pub fn sum_of_members(values: &[Option<f64>]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.iter().copied().sum::<Option<f64>>()
}

/// A value as people read it in `lang`, with the indicator's decimals: Finnish and
/// Swedish group thousands with a no-break space from five digits on and write a decimal
/// comma ("201 270", "12,5"); English groups with commas ("201,270", "12.5").
pub fn format_value(value: f64, decimals: i64, lang: Lang) -> String {
    let decimals = decimals.clamp(0, MAX_DECIMALS) as usize;
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text.as_str(), None),
    };
    let (separator, point, group_from) = match lang {
        Lang::Fi | Lang::Sv => ('\u{a0}', ',', 5),
        Lang::En => (',', '.', 4),
    };
    let mut out = String::new();
    // A value that rounds to zero has no sign ("-0,0" would be a false figure).
    if value < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    if whole.len() >= group_from {
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(separator);
            }
            out.push(digit);
        }
    } else {
        out.push_str(whole);
    }
    if let Some(fraction) = fraction {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_is_not_zero_and_garbage_is_an_error() {
        assert_eq!(parse_number("", false), Ok(None));
        assert_eq!(parse_number("NA", false), Ok(None));
        assert_eq!(parse_number("..", true), Ok(None));
        assert_eq!(parse_number("0", false), Ok(Some(0.0)));
        assert_eq!(parse_number(" 2406 ", false), Ok(Some(2406.0)));
        assert_eq!(parse_number("-3.5", false), Ok(Some(-3.5)));
        assert_eq!(parse_number("1e3", false), Ok(Some(1000.0)));
        assert_eq!(parse_number("12,5", true), Ok(Some(12.5)));
        assert_eq!(parse_number("12,5", false), Err(NotANumber));
        assert_eq!(parse_number("12x", false), Err(NotANumber));
        assert_eq!(parse_number("inf", false), Err(NotANumber));
        assert_eq!(parse_number("NaN", false), Err(NotANumber));
        assert_eq!(parse_number("1,2,3", true), Err(NotANumber));
    }

    #[test]
    fn codes_get_their_official_width() {
        assert_eq!(AreaKind::Municipality.normalise_code("9").as_deref(), Some("009"));
        assert_eq!(AreaKind::Region.normalise_code("7").as_deref(), Some("07"));
        assert_eq!(AreaKind::WellbeingCounty.normalise_code("09").as_deref(), Some("09"));
        assert_eq!(AreaKind::Municipality.normalise_code("1234"), None);
        assert_eq!(AreaKind::Municipality.normalise_code("x1"), None);
        assert_eq!(AreaKind::from_sotkanet("KUNTA"), Some(AreaKind::Municipality));
        assert_eq!(AreaKind::from_sotkanet("SEUTUKUNTA"), None);
    }

    #[test]
    fn area_keys_read_from_query_text() {
        assert_eq!(AreaKey::parse("398"), Some(AreaKey::new(AreaKind::Municipality, "398")));
        assert_eq!(AreaKey::parse("16"), Some(AreaKey::new(AreaKind::Municipality, "016")));
        assert_eq!(AreaKey::parse("region:7"), Some(AreaKey::new(AreaKind::Region, "07")));
        assert_eq!(AreaKey::parse("wellbeing_county:09"), Some(AreaKey::new(AreaKind::WellbeingCounty, "09")));
        assert_eq!(AreaKey::parse("country"), Some(AreaKey::new(AreaKind::Country, "358")));
        assert_eq!(AreaKey::parse("county:09"), None);
        assert_eq!(AreaKey::parse("region:Päijät-Häme"), None);
        assert_eq!(AreaKey::new(AreaKind::Region, "07").to_string(), "region:07");
    }

    #[test]
    fn membership_is_decided_on_the_last_day_of_the_year() {
        let iitti = crate::model::RegionPeriod { region_code: "07".into(), valid_from: "2021-01-01".parse().unwrap(), valid_until: None };
        assert!(!iitti.covers("07", membership_date(2020)));
        assert!(iitti.covers("07", membership_date(2021)));
        let nastola = crate::model::RegionPeriod {
            region_code: "07".into(),
            valid_from: "1900-01-01".parse().unwrap(),
            valid_until: "2015-12-31".parse().ok(),
        };
        assert!(nastola.covers("07", membership_date(2015)));
        assert!(!nastola.covers("07", membership_date(2016)));
    }

    #[test]
    fn a_sum_with_a_missing_member_is_missing() {
        assert_eq!(sum_of_members(&[Some(1.0), Some(2.5)]), Some(3.5));
        assert_eq!(sum_of_members(&[Some(1.0), None]), None);
        assert_eq!(sum_of_members(&[]), None);
    }

    #[test]
    fn values_are_written_in_each_language() {
        assert_eq!(format_value(201270.0, 0, Lang::Fi), "201\u{a0}270");
        assert_eq!(format_value(8551.0, 0, Lang::Fi), "8551");
        assert_eq!(format_value(8551.0, 0, Lang::En), "8,551");
        assert_eq!(format_value(5351427.0, 0, Lang::Sv), "5\u{a0}351\u{a0}427");
        assert_eq!(format_value(12.345, 1, Lang::Fi), "12,3");
        assert_eq!(format_value(-1234.5, 1, Lang::En), "-1,234.5");
        assert_eq!(format_value(-0.01, 1, Lang::Fi), "0,0");
        assert_eq!(format_value(0.0, 0, Lang::Fi), "0");
    }

    #[test]
    fn the_catalogue_refuses_an_indicator_without_name_or_source() {
        let input = IndicatorInput {
            name: Names::default(),
            description: Names::default(),
            unit: Names::default(),
            decimals: 9,
            source: " ".into(),
            producer: Names::default(),
            better: Better::Neither,
            group: None,
            additive: false,
        };
        let Err(Error::Invalid(list)) = check_indicator(0, &input) else { panic!("accepted") };
        let fields: Vec<&str> = list.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["id", "name.fi", "source", "decimals"]);
    }
}
