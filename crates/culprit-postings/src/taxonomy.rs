//! The AI taxonomy: versioned data (taxonomy/ai-taxonomy-v1.toml, embedded in the binary and
//! replaceable with a file of the same shape). Classes and rules are documented in docs/postings.md.

use crate::error::{PostingsError, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// The taxonomy shipped with culprit.
pub const BUILTIN_TOML: &str = include_str!("../taxonomy/ai-taxonomy-v1.toml");

/// What kind of AI a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermClass {
    /// The label, not a skill: "AI", "GenAI", "AI-powered".
    Generic,
    /// A skill or technique needed to build AI: machine learning, NLP, PyTorch.
    Specific,
    /// An AI product used at work: ChatGPT, Copilot.
    Tool,
}

impl TermClass {
    pub const ALL: [TermClass; 3] = [TermClass::Generic, TermClass::Specific, TermClass::Tool];
    pub fn as_str(self) -> &'static str {
        match self {
            TermClass::Generic => "generic",
            TermClass::Specific => "specific",
            TermClass::Tool => "tool",
        }
    }
}

/// Why a posting talks about AI, from the words around each mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextClass {
    /// No AI mention at all.
    None,
    /// AI is named with no cue about what the job does with it.
    BareMention,
    /// AI is used in the hiring process itself (screening applications), not in the job.
    HiringProcess,
    /// The job uses AI tools.
    UseTools,
    /// The job builds AI.
    Build,
}

impl ContextClass {
    pub const ALL: [ContextClass; 5] = [
        ContextClass::None,
        ContextClass::BareMention,
        ContextClass::HiringProcess,
        ContextClass::UseTools,
        ContextClass::Build,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ContextClass::None => "none",
            ContextClass::BareMention => "bare_mention",
            ContextClass::HiringProcess => "hiring_process",
            ContextClass::UseTools => "use_tools",
            ContextClass::Build => "build",
        }
    }
    pub fn parse(s: &str) -> Option<ContextClass> {
        ContextClass::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub keyword: String,
    pub class: TermClass,
    /// Case-sensitive forms.
    #[serde(default)]
    pub exact: Vec<String>,
    /// ASCII case-insensitive forms.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Case-sensitive forms that count only beside an unambiguous mention in the same sentence.
    #[serde(default)]
    pub ambiguous: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    pub cues: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextCues {
    pub hiring_process: Cues,
    pub build: Cues,
    pub use_tools: Cues,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    pub version: String,
    #[serde(rename = "term")]
    pub terms: Vec<Term>,
    pub context: ContextCues,
    /// Words that make an ambiguous form ("Claude", "Gemini", "Copilot") a tool mention when
    /// they are in its sentence: "assistant", "chatbot", "tools like" (ASCII case-insensitive,
    /// whole words).
    #[serde(default)]
    pub ambiguity_cues: Vec<String>,
}

impl Taxonomy {
    pub fn builtin() -> Taxonomy {
        Taxonomy::parse(BUILTIN_TOML, "builtin").expect("the builtin taxonomy is valid (tested)")
    }

    pub fn from_file(path: &Path) -> Result<Taxonomy> {
        let text = std::fs::read_to_string(path).map_err(crate::error::io_err(path))?;
        Taxonomy::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, origin: &str) -> Result<Taxonomy> {
        let err = |message: String| PostingsError::Taxonomy { origin: origin.to_string(), message };
        let t: Taxonomy = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        t.validate().map_err(err)?;
        Ok(t)
    }

    /// Forms must be non-empty, unique and free of leading/trailing space; a keyword appears once.
    fn validate(&self) -> std::result::Result<(), String> {
        if self.terms.is_empty() {
            return Err("no [[term]]".into());
        }
        if self.terms.len() > u16::MAX as usize {
            return Err("too many terms".into());
        }
        let mut keywords = HashMap::new();
        let mut forms: HashMap<String, &str> = HashMap::new();
        for t in &self.terms {
            if keywords.insert(t.keyword.as_str(), ()).is_some() {
                return Err(format!("keyword `{}` is defined twice", t.keyword));
            }
            if t.exact.is_empty() && t.phrases.is_empty() && t.ambiguous.is_empty() {
                return Err(format!("term `{}` has no form", t.keyword));
            }
            for f in t.exact.iter().chain(&t.ambiguous).chain(&t.phrases) {
                if f.trim().is_empty() || f.trim() != f {
                    return Err(format!("term `{}`: form `{f}` is empty or has surrounding space", t.keyword));
                }
                if let Some(other) = forms.insert(f.clone(), &t.keyword) {
                    return Err(format!("form `{f}` is in both `{other}` and `{}`", t.keyword));
                }
            }
        }
        for (name, c) in [
            ("hiring_process", &self.context.hiring_process),
            ("build", &self.context.build),
            ("use_tools", &self.context.use_tools),
        ] {
            if c.cues.iter().any(|f| f.trim().is_empty()) {
                return Err(format!("context.{name} has an empty cue"));
            }
        }
        Ok(())
    }

    /// One regular expression for every form, for baselines (Python `re`, ripgrep): exact and
    /// ambiguous forms case-sensitive, phrases in `(?i:...)`, `\b` where a form starts or ends
    /// with a word character, longest forms first (alternation is leftmost-first). It has no
    /// ambiguity or context rule, so it finds a few more hits than the scanner.
    pub fn baseline_regex(&self) -> String {
        let mut forms: Vec<(String, bool)> = Vec::new();
        for t in &self.terms {
            forms.extend(t.exact.iter().chain(&t.ambiguous).map(|f| (f.clone(), false)));
            forms.extend(t.phrases.iter().map(|f| (f.clone(), true)));
        }
        forms.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let alts: Vec<String> = forms
            .iter()
            .map(|(f, ci)| {
                let mut e = String::new();
                for ch in f.chars() {
                    if "\\.+*?()|[]{}^$".contains(ch) {
                        e.push('\\');
                        e.push(ch);
                    } else {
                        e.push(ch);
                    }
                }
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                let b1 = if word(f.chars().next()) { "\\b" } else { "" };
                let b2 = if word(f.chars().next_back()) { "\\b" } else { "" };
                if *ci { format!("(?i:{b1}{e}{b2})") } else { format!("{b1}{e}{b2}") }
            })
            .collect();
        alts.join("|")
    }

    pub fn keyword(&self, term: u16) -> &str {
        &self.terms[term as usize].keyword
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses_and_covers_the_three_classes() {
        let t = Taxonomy::builtin();
        assert_eq!(t.version, "ai-taxonomy-v1");
        for c in TermClass::ALL {
            assert!(t.terms.iter().filter(|x| x.class == c).count() >= 5, "{c:?}");
        }
        assert!(t.terms.iter().any(|x| x.keyword == "AI" && x.exact.contains(&"AI".to_string())));
        assert!(!t.context.hiring_process.cues.is_empty());
    }

    #[test]
    fn baseline_regex_is_bounded_and_escaped() {
        let r = Taxonomy::builtin().baseline_regex();
        assert!(r.contains("|\\bAI\\b|") || r.ends_with("|\\bAI\\b"), "{r}");
        assert!(r.contains("\\bA\\.I\\.|"));
        assert!(r.contains("\\bAI & ML\\b") && r.contains("\\bAI-powered\\b"));
        assert!(r.contains("(?i:\\bmachine learning\\b)"));
    }

    #[test]
    fn duplicate_forms_and_unknown_fields_are_rejected() {
        let dup = r#"version = "x"
[[term]]
keyword = "a"
class = "generic"
exact = ["AI"]
[[term]]
keyword = "b"
class = "specific"
exact = ["AI"]
[context.hiring_process]
cues = []
[context.build]
cues = []
[context.use_tools]
cues = []
"#;
        let e = Taxonomy::parse(dup, "t").unwrap_err().to_string();
        assert!(e.contains("form `AI` is in both"), "{e}");
        let unknown = dup.replace("exact = [\"AI\"]\n[[term]]", "exactly = [\"AI\"]\n[[term]]");
        assert!(Taxonomy::parse(&unknown, "t").is_err());
        let bad_class = dup.replace("\"specific\"", "\"magic\"");
        assert!(Taxonomy::parse(&bad_class, "t").is_err());
    }
}
