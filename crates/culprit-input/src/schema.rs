//! The declared schemas: for each kind of input, its fields, their value types, and per field an
//! ordered list of header aliases (best first), header words, and whether the content alone may
//! choose the column. `docs/inputs.md` is written from these declarations (`culprit inputs
//! schema --format markdown`), and a test keeps the two equal.
//!
//! Aliases are compared after [`normalise`]: case, spaces, punctuation and a leading BOM do not
//! matter ("Employee_ID", "employee id" and "EMPLOYEE-ID" are one name; "#" reads as "number").

use serde::Serialize;

/// What a field's values are; decides the content sniffer that scores a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueType {
    /// Unique per row, short (employee id, notice id).
    Id,
    /// Values that are ids of another field (`manager` refers to `id`).
    RefersTo(&'static str),
    /// A person's full name ("Albert, Michael", "Michael Albert").
    PersonName,
    /// A person's name that should match the names of another field (a manager's name).
    NameOf(&'static str),
    /// Short text (titles, departments, companies).
    Text,
    /// Long free text (job descriptions): mean length decides.
    LongText,
    Date,
    Money,
    /// A whole number, perhaps with text after it ("120 (approx.)").
    Count,
    /// A share of a workforce (0.08, "8%").
    Share,
    /// A NAICS industry code (2 to 6 digits).
    Naics,
    /// An SEC Central Index Key (up to 10 digits).
    Cik,
    /// A stock ticker (1-5 capital letters).
    Ticker,
    /// A U.S. state, as a two-letter code or a name.
    State,
    /// Yes/no, true/false, 1/0.
    Flag,
    /// A category with few distinct values (pay basis, layoff type).
    Category,
}

impl ValueType {
    pub fn describe(self) -> String {
        match self {
            ValueType::Id => "id: unique short values".into(),
            ValueType::RefersTo(f) => format!("ids of `{f}`: share of values found among them"),
            ValueType::PersonName => "person name: 'Last, First' or 'First Last'".into(),
            ValueType::NameOf(f) => format!("person name matching the names of `{f}`"),
            ValueType::Text => "text".into(),
            ValueType::LongText => "long text: mean length".into(),
            ValueType::Date => "date: ISO, US m/d/y, European d/m/y or d.m.y, epoch s or ms, Excel serial days, month names, 'N days ago'".into(),
            ValueType::Money => "money: currency signs and codes, thousands separators, K/M suffixes, ranges".into(),
            ValueType::Count => "count: a whole number, text after it allowed".into(),
            ValueType::Share => "share: 0-1 or a percentage".into(),
            ValueType::Naics => "NAICS code: 2-6 digits".into(),
            ValueType::Cik => "SEC CIK: up to 10 digits".into(),
            ValueType::Ticker => "ticker: 1-5 capital letters".into(),
            ValueType::State => "U.S. state: code or name".into(),
            ValueType::Flag => "yes/no, true/false, 1/0".into(),
            ValueType::Category => "category: few distinct values".into(),
        }
    }
}

/// One field of a schema.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FieldSpec {
    /// The key used in `--map key=COLUMN` and in JSON.
    pub key: &'static str,
    pub label: &'static str,
    pub value: ValueType,
    pub required: bool,
    /// Header names, best first (compared after [`normalise`]).
    pub aliases: &'static [&'static str],
    /// Words that suggest the field when no alias matches (a header containing one scores lower
    /// than an alias).
    pub words: &'static [&'static str],
    /// Words that rule a header out for this field ("Manager ID" is never the employee id).
    pub not_words: &'static [&'static str],
    /// The content alone may choose the column when no header names it.
    pub by_content: bool,
    /// Several columns may map to this field (their values are joined in column order).
    pub multi: bool,
}

/// The kinds of input culprit reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Hr,
    Postings,
    Warn,
    Layoffs,
    Titles,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Hr, Kind::Postings, Kind::Warn, Kind::Layoffs, Kind::Titles];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Hr => "HR export",
            Kind::Postings => "job postings",
            Kind::Warn => "WARN notices",
            Kind::Layoffs => "layoff tracker",
            Kind::Titles => "job titles",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Kind::Hr => "hr",
            Kind::Postings => "postings",
            Kind::Warn => "warn",
            Kind::Layoffs => "layoffs",
            Kind::Titles => "titles",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.key().eq_ignore_ascii_case(s.trim()))
    }

    pub fn schema(self) -> &'static Schema {
        match self {
            Kind::Hr => &HR,
            Kind::Postings => &POSTINGS,
            Kind::Warn => &WARN,
            Kind::Layoffs => &LAYOFFS,
            Kind::Titles => &TITLES,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Schema {
    pub kind: Kind,
    pub fields: &'static [FieldSpec],
    /// Fields of which at least one must be found (as well as the required ones).
    pub one_of: &'static [&'static [&'static str]],
}

impl Schema {
    pub fn field(&self, key: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// A field by its key or a common synonym ("employee" for `id`, "dept" for `department`).
    pub fn field_by_key(&self, key: &str) -> Option<&FieldSpec> {
        let k = normalise(key);
        self.fields.iter().find(|f| normalise(f.key) == k).or_else(|| self.fields.iter().find(|f| f.aliases.iter().any(|a| normalise(a) == k)))
    }
}

/// Lower-case, letters and digits only; '#' reads as "number".
pub fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == '#' {
            out.push_str("number");
        }
    }
    out
}

/// The words of a header, lower-cased ("Manager_Employee ID" -> manager, employee, id; camelCase splits).
pub fn words(header: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in header.trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.extend(c.to_lowercase());
        } else {
            if c == '#' {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                out.push("number".into());
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

const F: FieldSpec = FieldSpec {
    key: "",
    label: "",
    value: ValueType::Text,
    required: false,
    aliases: &[],
    words: &[],
    not_words: &[],
    by_content: false,
    multi: false,
};

const MANAGER_WORDS: &[&str] = &["manager", "mgr", "supervisor", "reports", "reporting", "boss", "parent", "lead", "superior", "line"];

// ------------------------------------------------------------------------------------ HR

/// HR exports: Workday, SAP SuccessFactors, Oracle HCM, ADP, BambooHR, Rippling, HiBob, Personio,
/// UKG and plain spreadsheets.
pub static HR: Schema = Schema {
    kind: Kind::Hr,
    one_of: &[&["manager", "manager_name", "manager_email"]],
    fields: &[
        FieldSpec {
            key: "id",
            label: "employee id",
            value: ValueType::Id,
            required: true,
            aliases: &[
                "Employee ID", "Worker ID", "Person Number", "Employee Number", "Employee No", "Emp ID",
                "EEID", "Person ID", "Personnel Number", "Personnel No", "Associate ID", "Staff ID", "Worker Number",
                "Employee Code", "User ID", "File Number", "Employee File Number", "Employee Id Number", "Payroll ID",
                "Personalnummer", "Employee Reference", "Badge ID", "Badge Number", "ID",
            ],
            words: &["id", "number", "code", "no"],
            not_words: MANAGER_WORDS,
            ..F
        },
        FieldSpec {
            key: "manager",
            label: "manager id",
            value: ValueType::RefersTo("id"),
            aliases: &[
                "Manager ID", "Supervisor ID", "Reports To ID", "Manager Employee ID", "Manager Worker ID", "Manager Person Number",
                "Manager Number", "Manager Employee Number", "Line Manager ID", "Direct Manager ID", "Supervisor Employee ID",
                "Supervisor Number", "Reports To Employee ID", "Reports To Associate ID", "Manager User ID", "Reports To User ID",
                "Manager Associate ID", "Manager File Number", "Manager Code", "Mgr ID", "Parent ID", "Supervisor Personnel Number",
                "Reports To Employee Number", "Manager Employee Code", "Supervisor Associate ID", "Reports To", "Manager", "Supervisor",
                "Reporting To", "Line Manager", "Direct Manager",
            ],
            words: &["manager", "supervisor", "reports", "mgr"],
            not_words: &["name", "email", "title", "department", "first", "last"],
            by_content: true,
            ..F
        },
        FieldSpec {
            key: "manager_name",
            label: "manager name",
            value: ValueType::NameOf("name"),
            aliases: &[
                "Manager Name", "Supervisor Name", "Reports To Name", "Line Manager Name", "Manager Full Name", "Supervisor Full Name",
                "Direct Manager Name", "Manager Display Name", "Reports To", "Manager", "Supervisor", "Reporting To", "Line Manager",
                "Direct Manager", "Vorgesetzter",
            ],
            words: &["manager", "supervisor", "reports"],
            not_words: &["id", "number", "email", "code", "title", "department", "no"],
            ..F
        },
        FieldSpec {
            key: "name",
            label: "employee name",
            value: ValueType::PersonName,
            aliases: &[
                "Employee Name", "Full Name", "Worker Name", "Name", "Legal Name", "Preferred Name", "Display Name", "Associate Name",
                "Employee Full Name", "Person Name", "Worker", "Employee", "Name (Last, First)", "Last Name, First Name",
            ],
            words: &["name"],
            not_words: &["manager", "supervisor", "reports", "first", "last", "given", "family", "middle", "job", "department", "company", "location", "position"],
            ..F
        },
        FieldSpec {
            key: "email",
            label: "work email",
            value: ValueType::Text,
            aliases: &["Work Email", "Email", "Email Address", "Business Email", "Work Email Address", "Primary Work Email"],
            words: &["email"],
            not_words: MANAGER_WORDS,
            ..F
        },
        FieldSpec {
            key: "manager_email",
            label: "manager's email",
            value: ValueType::Text,
            aliases: &["Manager Email", "Manager Work Email", "Supervisor Email", "Reports To Email", "Manager Email Address", "Line Manager Email"],
            ..F
        },
        FieldSpec {
            key: "first_name",
            label: "first name",
            value: ValueType::Text,
            aliases: &["First Name", "Given Name", "Legal First Name", "Preferred First Name", "Vorname", "First"],
            not_words: MANAGER_WORDS,
            ..F
        },
        FieldSpec {
            key: "last_name",
            label: "last name",
            value: ValueType::Text,
            aliases: &["Last Name", "Family Name", "Surname", "Legal Last Name", "Nachname", "Last"],
            not_words: MANAGER_WORDS,
            ..F
        },
        FieldSpec {
            key: "title",
            label: "job title",
            value: ValueType::Text,
            aliases: &[
                "Job Title", "Business Title", "Position", "Position Title", "Job Profile", "Job Name", "Job Title Description",
                "Job", "Title", "Role", "Designation", "Job Description", "Position Name", "Job Position", "Jobtitel",
                "Job Code Description", "Job Profile Name",
            ],
            words: &["title", "position", "role", "job"],
            not_words: &["manager", "supervisor", "level", "code", "id", "date", "family", "function", "category", "grade"],
            ..F
        },
        FieldSpec {
            key: "level",
            label: "job level",
            value: ValueType::Category,
            aliases: &[
                "Job Level", "Grade", "Band", "Pay Grade", "Job Grade", "Level", "Management Level", "Career Level", "Job Band",
                "Salary Grade", "Global Grade", "Position Level", "Seniority",
            ],
            words: &["level", "grade", "band"],
            not_words: &["manager", "supervisor", "education"],
            ..F
        },
        FieldSpec {
            key: "department",
            label: "department",
            value: ValueType::Text,
            aliases: &[
                "Department", "Department Name", "Dept", "Cost Center", "Cost Centre", "Cost Center Name", "Supervisory Organization",
                "Organization", "Org Unit", "Organizational Unit", "Division", "Home Department", "Home Department Description",
                "Department Description", "Business Unit", "Function", "Team", "Abteilung", "Org Unit Name", "Sub Department",
            ],
            words: &["department", "dept", "division", "organization", "organisation", "unit", "team"],
            not_words: &["manager", "supervisor", "id", "code", "number"],
            ..F
        },
        FieldSpec {
            key: "location",
            label: "location",
            value: ValueType::Text,
            aliases: &[
                "Location", "Work Location", "Location Description", "Work Location Description", "Office", "Site", "Work Site",
                "Office Location", "City", "Work City", "Standort", "Location Name", "Primary Work Location",
            ],
            words: &["location", "office", "site", "city"],
            not_words: &["manager", "id", "code"],
            ..F
        },
        FieldSpec {
            key: "pay",
            label: "annual pay",
            value: ValueType::Money,
            aliases: &[
                "Annual Salary", "Base Pay", "Total Compensation", "Annual Base Salary", "Base Salary", "Annual Base Pay", "Annual Pay",
                "Annualized Base Pay", "Salary", "Compensation", "Total Comp", "Total Base Pay", "Annual Salary Amount",
                "Annualized Salary", "Pay", "Pay Rate", "Pay Amount", "Rate", "Base Compensation", "Jahresgehalt", "Salary Amount",
                "Current Base Pay", "Total Base Pay Annualized",
            ],
            words: &["salary", "pay", "compensation", "wage"],
            not_words: &["hourly", "frequency", "basis", "type", "period", "grade", "date", "currency", "group", "per hour"],
            ..F
        },
        FieldSpec {
            key: "hourly_pay",
            label: "hourly pay",
            value: ValueType::Money,
            aliases: &["Hourly Rate", "Hourly Pay", "Hourly Wage", "Hourly Base Rate", "Rate Per Hour", "Hourly Pay Rate", "Pay Rate (Hourly)"],
            words: &["hourly"],
            ..F
        },
        FieldSpec {
            key: "pay_basis",
            label: "pay frequency",
            value: ValueType::Category,
            aliases: &[
                "Pay Frequency", "Pay Basis", "Salary Basis", "Compensation Frequency", "Pay Period", "Frequency",
                "Pay Rate Frequency", "Pay Schedule", "Salary Frequency", "Salary pay period", "Pay Rate Period",
            ],
            words: &["frequency", "basis"],
            ..F
        },
        FieldSpec {
            key: "pay_type",
            label: "hourly or salaried",
            value: ValueType::Category,
            aliases: &["Pay Type", "Rate Type", "Pay Rate Type", "Hourly/Salaried", "Salary or Hourly", "Compensation Type", "FLSA Status", "Wage Type"],
            words: &["hourly", "salaried"],
            ..F
        },
        FieldSpec {
            key: "hire_date",
            label: "hire date",
            value: ValueType::Date,
            aliases: &["Hire Date", "Start Date", "Original Hire Date", "Date of Hire", "Date Hired", "Employment Start Date", "Seniority Date", "Join Date", "Eintrittsdatum"],
            words: &["hire", "hired", "joined", "start"],
            ..F
        },
        FieldSpec {
            key: "status",
            label: "employment status",
            value: ValueType::Category,
            aliases: &["Employment Status", "Status", "Worker Status", "Employee Status", "Active Status", "Assignment Status"],
            words: &["status"],
            ..F
        },
    ],
};

// ------------------------------------------------------------------------------------ postings

/// Job postings: scraped boards, ATS exports, Kaggle-style datasets.
pub static POSTINGS: Schema = Schema {
    kind: Kind::Postings,
    one_of: &[],
    fields: &[
        FieldSpec {
            key: "id",
            label: "posting id",
            value: ValueType::Id,
            aliases: &["id", "job_id", "posting_id", "req_id", "requisition_id", "Job Req ID", "job_posting_id", "uid", "key", "jk", "job_key"],
            words: &["id"],
            not_words: &["company", "employer", "location", "title"],
            ..F
        },
        FieldSpec {
            key: "date",
            label: "posting date",
            value: ValueType::Date,
            aliases: &["date", "posted_date", "date_posted", "posting_date", "listed_time", "original_listed_time", "posted_at", "created_at", "publication_date", "published", "published_at", "post_date", "first_seen", "posted", "Posted On", "scraped_at", "time_posted", "created"],
            words: &["date", "posted", "listed", "published", "time", "created"],
            not_words: &["expir", "closing", "close", "deadline", "updated", "modified", "applies", "start"],
            by_content: true,
            ..F
        },
        FieldSpec {
            key: "company",
            label: "company",
            value: ValueType::Text,
            aliases: &["company", "company_name", "employer", "employer_name", "organization", "org", "hiring_organization", "advertiser"],
            words: &["company", "employer", "organization", "organisation"],
            not_words: &["id", "url", "size", "industry", "description", "logo", "link"],
            ..F
        },
        FieldSpec {
            key: "title",
            label: "job title",
            value: ValueType::Text,
            aliases: &["title", "job_title", "position", "position_title", "role", "job_name", "Job"],
            words: &["title", "position", "role"],
            not_words: &["id", "company", "description", "url", "normalized", "code"],
            ..F
        },
        FieldSpec {
            key: "description",
            label: "posting text",
            value: ValueType::LongText,
            required: true,
            aliases: &["description", "job_description", "text", "body", "job_text", "content", "description_text", "full_text", "summary", "snippet", "Responsibilities", "Minimum Qualifications", "Preferred Qualifications", "Qualifications", "Requirements", "Duties", "skills_desc", "About the job"],
            words: &["description", "responsibilities", "qualifications", "requirements", "duties", "text", "body"],
            not_words: &["url", "id", "html", "company"],
            by_content: true,
            multi: true,
        },
        FieldSpec {
            key: "location",
            label: "location",
            value: ValueType::Text,
            aliases: &["location", "job_location", "city", "formatted_location", "locations", "workplace", "job_city", "candidate_required_location"],
            words: &["location", "city"],
            not_words: &["id", "type", "remote_allowed"],
            ..F
        },
        FieldSpec {
            key: "state",
            label: "state",
            value: ValueType::State,
            aliases: &["state", "job_state", "region", "state_code", "province"],
            words: &["state"],
            ..F
        },
    ],
};

// ------------------------------------------------------------------------------------ WARN

/// WARN notices: every state's layout (Washington, New York, Texas, California, ...), the
/// consolidated sheets and the WARN register with NAICS and CIK/ticker.
pub static WARN: Schema = Schema {
    kind: Kind::Warn,
    one_of: &[&["jobs", "jobs_permanent", "jobs_temporary"], &["notice_date", "effective_date"]],
    fields: &[
        FieldSpec {
            key: "company",
            label: "company",
            value: ValueType::Text,
            required: true,
            aliases: &["employer_name", "Company", "Company Name", "Employer", "Business Name", "Name of Company", "Name of Employer", "Job Site Name", "Organization", "Name"],
            words: &["company", "employer", "business"],
            not_words: &["id", "address", "contact", "normalized", "canonical", "parent", "key", "type", "phone"],
            ..F
        },
        FieldSpec {
            key: "notice_date",
            label: "notice date",
            value: ValueType::Date,
            aliases: &["notice_date", "WARN Received Date", "Date of Notice", "Received Date", "Date Received", "Notification Date", "Date Notice Received", "Received", "WARN Date", "Date Filed", "Filing Date", "Initial Report Date", "Date"],
            words: &["notice", "received", "notification", "filed"],
            not_words: &["effective", "layoff", "closing", "separation", "end", "first", "last"],
            by_content: true,
            ..F
        },
        FieldSpec {
            key: "effective_date",
            label: "effective date",
            value: ValueType::Date,
            aliases: &["effective_date", "Layoff Date", "Layoff Start Date", "Closing Date", "Separation Date", "Date of Layoff", "Effective", "Start Date"],
            words: &["effective", "layoff", "separation", "closing"],
            not_words: &["notice", "received", "end"],
            ..F
        },
        FieldSpec {
            key: "jobs",
            label: "number of jobs",
            value: ValueType::Count,
            aliases: &["employees_affected", "Number of Workers", "Number Affected", "num_employees", "Affected Workers", "Number of Employees", "Jobs", "Workers Affected", "Total Employees Affected", "No. of Employees", "Number of Affected Employees", "Total Layoff Number", "Affected Employees", "Headcount", "Employees", "Workers", "Total Employees"],
            words: &["affected", "workers", "employees", "jobs", "number", "impacted"],
            // "Total Employees" is some states' only count; New York's files have it beside
            // "Number Affected", the better alias, which wins.
            not_words: &["permanent", "temporary", "date", "type", "company"],
            ..F
        },
        FieldSpec {
            key: "jobs_permanent",
            label: "permanent jobs",
            value: ValueType::Count,
            aliases: &["permanent_job_losses", "Permanent Layoffs", "Permanent Employees", "Permanent"],
            words: &["permanent"],
            ..F
        },
        FieldSpec {
            key: "jobs_temporary",
            label: "temporary jobs",
            value: ValueType::Count,
            aliases: &["temporary_job_losses", "Temporary Layoffs", "Temporary Employees"],
            words: &["temporary"],
            not_words: &["permanent", "flag", "is"],
            ..F
        },
        FieldSpec {
            key: "state",
            label: "state",
            value: ValueType::State,
            aliases: &["state", "postal_code", "State Code", "ST"],
            words: &["state"],
            not_words: &["stated", "reason", "statement"],
            ..F
        },
        FieldSpec {
            key: "location",
            label: "location",
            value: ValueType::Text,
            aliases: &["location", "City", "place_name", "Address", "Site", "Location City", "Work Location"],
            words: &["city", "location", "address", "site"],
            not_words: &["county", "fips", "latitude", "longitude", "basis"],
            ..F
        },
        FieldSpec {
            key: "county",
            label: "county",
            value: ValueType::Text,
            aliases: &["county_name", "County", "Parish"],
            words: &["county"],
            not_words: &["fips"],
            ..F
        },
        FieldSpec {
            key: "naics",
            label: "NAICS industry code",
            value: ValueType::Naics,
            aliases: &["naics", "NAICS Code", "Industry Code"],
            words: &["naics"],
            not_words: &["basis", "level", "description"],
            ..F
        },
        FieldSpec {
            key: "industry",
            label: "industry",
            value: ValueType::Text,
            aliases: &["industry", "Business Type", "Industry Description", "NAICS Description", "sic_description", "Sector"],
            words: &["industry", "sector"],
            not_words: &["code"],
            ..F
        },
        FieldSpec { key: "cik", label: "SEC CIK", value: ValueType::Cik, aliases: &["cik", "cik_number"], not_words: &["parent", "match"], ..F },
        FieldSpec { key: "sic", label: "SEC SIC industry code", value: ValueType::Text, aliases: &["sic", "sic_code"], not_words: &["description"], ..F },
        FieldSpec {
            key: "parent_company",
            label: "parent company",
            value: ValueType::Text,
            aliases: &["parent_company", "Ultimate Parent"],
            words: &["parent"],
            not_words: &["cik", "id", "key"],
            ..F
        },
        FieldSpec { key: "parent_cik", label: "parent company's SEC CIK", value: ValueType::Cik, aliases: &["parent_cik"], ..F },
        FieldSpec { key: "ticker", label: "ticker", value: ValueType::Ticker, aliases: &["ticker", "stock_ticker", "symbol"], ..F },
        FieldSpec {
            key: "is_amendment",
            label: "amendment flag",
            value: ValueType::Flag,
            aliases: &["is_amendment", "Amendment", "Amended"],
            words: &["amendment"],
            ..F
        },
        FieldSpec {
            key: "is_temporary",
            label: "temporary flag",
            value: ValueType::Category,
            aliases: &["is_temporary", "Temporary/Permanent", "Temporary", "Permanent/Temporary", "Layoff Duration"],
            ..F
        },
        FieldSpec {
            key: "layoff_type",
            label: "closure or layoff",
            value: ValueType::Category,
            aliases: &["layoff_type", "Closure / Layoff", "Classification", "Type", "Notice Type", "Event Type", "Layoff/Closure", "is_closure", "Type of Layoff"],
            words: &["closure", "classification"],
            ..F
        },
        FieldSpec {
            key: "notice_id",
            label: "notice id",
            value: ValueType::Id,
            aliases: &["Event Number", "notice_id", "WARN Number", "Notice Number", "Case Number", "WARN ID"],
            // Row hashes and dedupe keys are not notice numbers.
            not_words: &["dedupe", "employer", "source", "hash", "key"],
            ..F
        },
        FieldSpec { key: "notes", label: "notes", value: ValueType::Text, aliases: &["Notes", "Comments", "Remarks"], ..F },
        FieldSpec { key: "url", label: "source URL", value: ValueType::Text, aliases: &["source_url", "URL", "Link", "source"], ..F },
    ],
};

// ------------------------------------------------------------------------------------ layoffs

/// Layoff trackers: layoffs.fyi and its Kaggle copies, and similar trackers.
pub static LAYOFFS: Schema = Schema {
    kind: Kind::Layoffs,
    one_of: &[&["total_laid_off", "percentage_laid_off"]],
    fields: &[
        FieldSpec {
            key: "company",
            label: "company",
            value: ValueType::Text,
            required: true,
            aliases: &["company", "Company Name", "employer"],
            words: &["company", "employer"],
            ..F
        },
        FieldSpec {
            key: "date",
            label: "date",
            value: ValueType::Date,
            required: true,
            aliases: &["date", "layoff_date", "Date Announced", "announced", "event_date"],
            words: &["date"],
            not_words: &["added", "updated"],
            by_content: true,
            ..F
        },
        FieldSpec {
            key: "total_laid_off",
            label: "number laid off",
            value: ValueType::Count,
            aliases: &["total_laid_off", "Laid Off", "Number Laid Off", "Layoffs", "headcount_cut", "Employees Laid Off"],
            words: &["laid", "layoffs"],
            not_words: &["percentage", "percent", "share", "%"],
            ..F
        },
        FieldSpec {
            key: "percentage_laid_off",
            label: "share laid off",
            value: ValueType::Share,
            aliases: &["percentage_laid_off", "Percentage", "%", "Percent Laid Off", "pct_laid_off", "share_laid_off"],
            words: &["percentage", "percent", "pct"],
            ..F
        },
        FieldSpec { key: "industry", label: "industry", value: ValueType::Text, aliases: &["industry", "sector"], ..F },
        FieldSpec { key: "country", label: "country", value: ValueType::Text, aliases: &["country"], ..F },
        FieldSpec { key: "location", label: "location", value: ValueType::Text, aliases: &["location", "location_hq", "city", "HQ Location"], ..F },
        FieldSpec { key: "url", label: "source URL", value: ValueType::Text, aliases: &["source", "url", "link"], ..F },
        FieldSpec { key: "stage", label: "funding stage", value: ValueType::Category, aliases: &["stage"], ..F },
    ],
};

// ------------------------------------------------------------------------------------ titles

/// A list of job titles to code (any table with a title column), with optional context.
pub static TITLES: Schema = Schema {
    kind: Kind::Titles,
    one_of: &[],
    fields: &[
        FieldSpec {
            key: "title",
            label: "job title",
            value: ValueType::Text,
            required: true,
            aliases: &["Job Title", "title", "Business Title", "Position", "Position Title", "Job Profile", "Job Name", "Job", "Role", "Designation", "occupation", "Title Description", "Job Title Description"],
            words: &["title", "position", "role", "job"],
            not_words: &["id", "code", "soc", "level", "date", "count", "number"],
            by_content: true,
            ..F
        },
        FieldSpec {
            key: "department",
            label: "department",
            value: ValueType::Text,
            aliases: &["Department", "Dept", "Business Unit", "Division", "Function", "Team", "Cost Center"],
            words: &["department", "division", "unit", "function"],
            ..F
        },
        FieldSpec { key: "count", label: "headcount", value: ValueType::Count, aliases: &["count", "headcount", "employees", "n", "people", "jobs", "number"], ..F },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_split_case_and_punctuation() {
        assert_eq!(words("Manager_Employee ID"), ["manager", "employee", "id"]);
        assert_eq!(words("listedTime"), ["listed", "time"]);
        assert_eq!(words("# of Workers"), ["number", "of", "workers"]);
        assert_eq!(normalise("\u{feff}Employee #"), "employeenumber");
    }

    #[test]
    fn every_schema_has_unique_keys_and_aliases_within_a_field() {
        for k in Kind::ALL {
            let s = k.schema();
            let mut keys: Vec<&str> = s.fields.iter().map(|f| f.key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), s.fields.len(), "{k:?}");
            for f in s.fields {
                let mut a: Vec<String> = f.aliases.iter().map(|a| normalise(a)).collect();
                a.sort();
                let n = a.len();
                a.dedup();
                assert_eq!(a.len(), n, "{:?}.{} repeats an alias", k, f.key);
            }
        }
    }
}
