//! NAICS 2022 sectors: the two-digit level every NAICS code rolls up to (31-33, 44-45 and 48-49
//! are one sector each).

/// "54 Professional, Scientific, and Technical Services" for any code starting "54".
pub fn sector_of(code: &str) -> Option<String> {
    let c = code.trim();
    if c.len() < 2 || !c.bytes().take(2).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let two = &c[..2];
    let (key, name) = match two {
        "11" => ("11", "Agriculture, Forestry, Fishing and Hunting"),
        "21" => ("21", "Mining, Quarrying, and Oil and Gas Extraction"),
        "22" => ("22", "Utilities"),
        "23" => ("23", "Construction"),
        "31" | "32" | "33" => ("31-33", "Manufacturing"),
        "42" => ("42", "Wholesale Trade"),
        "44" | "45" => ("44-45", "Retail Trade"),
        "48" | "49" => ("48-49", "Transportation and Warehousing"),
        "51" => ("51", "Information"),
        "52" => ("52", "Finance and Insurance"),
        "53" => ("53", "Real Estate and Rental and Leasing"),
        "54" => ("54", "Professional, Scientific, and Technical Services"),
        "55" => ("55", "Management of Companies and Enterprises"),
        "56" => ("56", "Administrative and Support and Waste Management and Remediation Services"),
        "61" => ("61", "Educational Services"),
        "62" => ("62", "Health Care and Social Assistance"),
        "71" => ("71", "Arts, Entertainment, and Recreation"),
        "72" => ("72", "Accommodation and Food Services"),
        "81" => ("81", "Other Services (except Public Administration)"),
        "92" => ("92", "Public Administration"),
        _ => return None,
    };
    Some(format!("{key} {name}"))
}

/// The NAICS industry an SEC SIC code falls in, at the level the correspondence is clear, for
/// employers the sources give a SIC code but no NAICS (the WARN register does for SEC filers).
///
/// culprit's own table, by SIC major group (two digits) with the four-digit codes that split a
/// group across NAICS subsectors (software, data processing, computers, catalog retail, hospitals,
/// rental); it follows the principal correspondences of the Census Bureau's 1987 SIC to NAICS
/// concordance. It is a coarse bridge: the returned code is a NAICS subsector (3 digits) or
/// industry group (4 digits), and the caller says it came from the SIC code.
pub fn naics_of_sic(sic: &str) -> Option<&'static str> {
    let s = sic.trim();
    if s.len() < 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let four = format!("{s:0<4}");
    let by_four = match &four[..4] {
        "7370" | "7371" | "7373" => Some("5415"),
        "7372" => Some("5132"),
        "7374" => Some("5182"),
        "7510" | "7513" | "7514" | "7515" | "7359" | "7350" | "7377" => Some("532"),
        "5961" => Some("454110"),
        "8060" | "8062" | "8063" | "8069" => Some("622"),
        "8050" | "8051" | "8052" | "8059" => Some("623"),
        "8741" | "8742" => Some("5416"),
        "3570" | "3571" | "3572" | "3575" | "3576" | "3577" | "3578" | "3579" => Some("334"),
        "3841" | "3842" | "3843" | "3844" | "3845" => Some("3391"),
        "4220" | "4221" | "4222" | "4225" | "4226" => Some("493"),
        "5540" | "5541" => Some("457"),
        "2710" | "2711" | "2720" | "2721" | "2730" | "2731" | "2741" => Some("513"),
        _ => None,
    };
    if by_four.is_some() {
        return by_four;
    }
    Some(match &four[..2] {
        "01" | "02" => "11",
        "07" => "115",
        "08" => "113",
        "09" => "114",
        "10" => "2122",
        "12" => "2121",
        "13" => "211",
        "14" => "2123",
        "15" => "236",
        "16" => "237",
        "17" => "238",
        "20" => "311",
        "21" => "3122",
        "22" => "313",
        "23" => "315",
        "24" => "321",
        "25" => "337",
        "26" => "322",
        "27" => "323",
        "28" => "325",
        "29" => "324",
        "30" => "326",
        "31" => "316",
        "32" => "327",
        "33" => "331",
        "34" => "332",
        "35" => "333",
        "36" => "334",
        "37" => "336",
        "38" => "334",
        "39" => "339",
        "40" => "482",
        "41" => "485",
        "42" => "484",
        "43" => "491",
        "44" => "483",
        "45" => "481",
        "46" => "486",
        "47" => "488",
        "48" => "517",
        "49" => "221",
        "50" => "423",
        "51" => "424",
        "52" => "444",
        "53" => "455",
        "54" => "445",
        "55" => "441",
        "56" => "458",
        "57" => "449",
        "58" => "722",
        "59" => "459",
        "60" | "61" => "522",
        "62" => "523",
        "63" | "64" => "524",
        "65" => "531",
        "67" => "523",
        "70" => "721",
        "72" => "812",
        "73" => "561",
        "75" | "76" => "811",
        "78" => "512",
        "79" => "713",
        "80" => "621",
        "81" => "5411",
        "82" => "611",
        "83" => "624",
        "84" => "712",
        "86" => "813",
        "87" | "89" => "541",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn sic_codes_bridge_to_naics() {
        use super::naics_of_sic;
        assert_eq!(naics_of_sic("7372"), Some("5132"));
        assert_eq!(naics_of_sic("7370"), Some("5415"));
        assert_eq!(naics_of_sic("5961"), Some("454110"));
        assert_eq!(naics_of_sic("3721"), Some("336"));
        assert_eq!(naics_of_sic("5812"), Some("722"));
        assert_eq!(naics_of_sic("8880"), None, "American depositary receipts are no industry");
        assert_eq!(naics_of_sic("99"), None);
        assert_eq!(naics_of_sic("x1"), None);
    }

    #[test]
    fn sectors() {
        assert_eq!(super::sector_of("454110").as_deref(), Some("44-45 Retail Trade"));
        assert_eq!(super::sector_of("33").as_deref(), Some("31-33 Manufacturing"));
        assert_eq!(super::sector_of("99"), None);
        assert_eq!(super::sector_of("x"), None);
    }
}
