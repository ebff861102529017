//! Statistics Finland's municipality classification (via rOpenGov/geofi, see
//! `data/README.md`), embedded in the binary: the demo takes Päijät-Häme from it and the
//! scale generator the whole country.
//!
//! The file lost the leading zeros of its codes ("16" for Asikkala, "7" for Päijät-Häme);
//! they are padded here, once, so every code that leaves this module has its official
//! width.

use anyhow::{Context, Result, anyhow};
use foorumi_core::Names;
use foorumi_core::text::{pad_municipality_code, pad_two_digit_code};
use serde::Deserialize;

const MUNICIPALITY_KEY_2026: &str = include_str!("../data/municipality_key_2026.csv");

/// Statistics Finland's code of the Åland region: Åland has no wellbeing services county
/// (its health and social services are its own), so its municipalities get none.
pub const ALAND_COUNTY_CODE: &str = "91";

/// One municipality with the areas it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// Three digits, "016".
    pub code: String,
    pub name: Names,
    /// Region (maakunta), two digits, "07".
    pub region_code: String,
    pub region_name: Names,
    /// Wellbeing services county, two digits, "09"; Helsinki is its own ("90").
    pub county_code: String,
    pub county_name: Names,
    /// Statistics Finland's urban–rural grouping: 1 urban, 2 semi-urban, 3 rural.
    pub urbanity: u8,
}

#[derive(Deserialize)]
struct Row {
    kunta: String,
    municipality_name_fi: String,
    municipality_name_sv: String,
    municipality_name_en: String,
    kuntaryhmitys_code: String,
    maakunta_code: String,
    maakunta_name_fi: String,
    maakunta_name_sv: String,
    maakunta_name_en: String,
    hyvinvointialue_code: String,
    hyvinvointialue_name_fi: String,
    hyvinvointialue_name_sv: String,
    hyvinvointialue_name_en: String,
}

fn names(fi: &str, sv: &str, en: &str) -> Names {
    Names::new(fi.trim(), sv.trim(), en.trim())
}

/// Every municipality of the classification, in code order.
pub fn municipalities() -> Result<Vec<Municipality>> {
    parse(MUNICIPALITY_KEY_2026)
}

pub fn parse(csv_text: &str) -> Result<Vec<Municipality>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut list = Vec::new();
    for (index, row) in reader.deserialize::<Row>().enumerate() {
        let line = index + 2;
        let row = row.with_context(|| format!("municipality classification, line {line}"))?;
        let bad = |what: &str, value: &str| anyhow!("municipality classification, line {line}: bad {what} {value:?}");
        list.push(Municipality {
            code: pad_municipality_code(&row.kunta).ok_or_else(|| bad("municipality code", &row.kunta))?,
            name: names(&row.municipality_name_fi, &row.municipality_name_sv, &row.municipality_name_en),
            region_code: pad_two_digit_code(&row.maakunta_code).ok_or_else(|| bad("region code", &row.maakunta_code))?,
            region_name: names(&row.maakunta_name_fi, &row.maakunta_name_sv, &row.maakunta_name_en),
            county_code: pad_two_digit_code(&row.hyvinvointialue_code).ok_or_else(|| bad("county code", &row.hyvinvointialue_code))?,
            county_name: names(&row.hyvinvointialue_name_fi, &row.hyvinvointialue_name_sv, &row.hyvinvointialue_name_en),
            urbanity: row.kuntaryhmitys_code.trim().trim_end_matches(".0").parse().map_err(|_| bad("grouping", &row.kuntaryhmitys_code))?,
        });
    }
    list.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(list)
}

/// The municipalities of one region, in code order.
pub fn of_region<'a>(all: &'a [Municipality], region_code: &str) -> Vec<&'a Municipality> {
    all.iter().filter(|m| m.region_code == region_code).collect()
}

/// The regions, each with its name, in code order.
pub fn regions(all: &[Municipality]) -> Vec<(String, Names)> {
    let mut regions: Vec<(String, Names)> = Vec::new();
    for m in all {
        if !regions.iter().any(|(code, _)| *code == m.region_code) {
            regions.push((m.region_code.clone(), m.region_name.clone()));
        }
    }
    regions.sort_by(|a, b| a.0.cmp(&b.0));
    regions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_padded_to_their_official_width() {
        let all = municipalities().unwrap();
        let asikkala = all.iter().find(|m| m.name.fi == "Asikkala").unwrap();
        assert_eq!(asikkala.code, "016");
        assert_eq!(asikkala.region_code, "07");
        assert_eq!(asikkala.county_code, "09");
        assert!(all.iter().all(|m| m.code.len() == 3 && m.region_code.len() == 2 && m.county_code.len() == 2));
    }

    #[test]
    fn finland_has_308_municipalities_in_19_regions() {
        let all = municipalities().unwrap();
        assert_eq!(all.len(), 308);
        assert_eq!(regions(&all).len(), 19);
        let mut counties: Vec<&str> = all.iter().map(|m| m.county_code.as_str()).filter(|c| *c != ALAND_COUNTY_CODE).collect();
        counties.sort();
        counties.dedup();
        assert_eq!(counties.len(), 22, "21 wellbeing services counties and Helsinki");
    }

    #[test]
    fn paijat_hame_has_its_ten_municipalities_with_swedish_names_trimmed() {
        let all = municipalities().unwrap();
        let codes: Vec<&str> = of_region(&all, "07").iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, ["016", "081", "098", "111", "142", "316", "398", "560", "576", "781"]);
        let hartola = all.iter().find(|m| m.code == "081").unwrap();
        assert_eq!(hartola.name.sv, "Gustav Adolfs");
        let iitti = all.iter().find(|m| m.code == "142").unwrap();
        assert_eq!(iitti.name.sv, "Itis");
    }

    #[test]
    fn a_row_with_a_bad_code_names_its_line() {
        let header = MUNICIPALITY_KEY_2026.lines().next().unwrap();
        let row = MUNICIPALITY_KEY_2026.lines().nth(1).unwrap().replacen("20,", "2000,", 1);
        let err = parse(&format!("{header}\n{row}\n")).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
    }
}
