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

#[cfg(test)]
mod tests {
    #[test]
    fn sectors() {
        assert_eq!(super::sector_of("454110").as_deref(), Some("44-45 Retail Trade"));
        assert_eq!(super::sector_of("33").as_deref(), Some("31-33 Manufacturing"));
        assert_eq!(super::sector_of("99"), None);
        assert_eq!(super::sector_of("x"), None);
    }
}
