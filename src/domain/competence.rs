//! Competence sharing as pure rules: what an offer or a need says (kind, skills, form, place,
//! terms, expiry), how skills are named (a shared starter list with French and English labels,
//! plus free tags), how text is folded for search, who may see a member's competences, and how
//! candidates for a need are ranked. Storage and the service apply these; nothing here does I/O.

use serde::Serialize;
use utoipa::ToSchema;

words!(Kind { Offer => "offer", Need => "need" });
words!(Form { Mentoring => "mentoring", Training => "training", AHand => "a_hand",
    Coworking => "coworking", Question => "question" });
words!(Mode { Online => "online", InPerson => "in_person", Either => "either" });
words!(Terms { Free => "free", Exchange => "exchange", Paid => "paid" });
words!(State { Open => "open", Closed => "closed", Resolved => "resolved" });
words!(Visibility { Public => "public", Network => "network", Group => "group" });

/// One category of the shared starter list. The slug is what is stored and federated; the
/// labels are what people read (and may type: they are recognized as the slug).
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct Skill {
    pub slug: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
}

/// The starter list every node shares, so that "comptabilité" on one node is "bookkeeping" on
/// another and matches across languages.
pub const STARTER_SKILLS: &[Skill] = &[
    Skill {
        slug: "bookkeeping",
        fr: "Comptabilité",
        en: "Bookkeeping",
    },
    Skill {
        slug: "legal",
        fr: "Juridique",
        en: "Legal",
    },
    Skill {
        slug: "e_signature",
        fr: "Signature électronique",
        en: "E-signature",
    },
    Skill {
        slug: "communication",
        fr: "Communication",
        en: "Communication",
    },
    Skill {
        slug: "sales",
        fr: "Commercial, premier client",
        en: "Sales, first client pitch",
    },
    Skill {
        slug: "data_protection",
        fr: "Protection des données",
        en: "Data protection",
    },
    Skill {
        slug: "it",
        fr: "Informatique",
        en: "IT",
    },
    Skill {
        slug: "project_management",
        fr: "Gestion de projet",
        en: "Project management",
    },
    Skill {
        slug: "funding",
        fr: "Financement",
        en: "Funding",
    },
    Skill {
        slug: "design",
        fr: "Design",
        en: "Design",
    },
    Skill {
        slug: "governance",
        fr: "Gouvernance coopérative",
        en: "Cooperative governance",
    },
    Skill {
        slug: "hr",
        fr: "Ressources humaines",
        en: "Human resources",
    },
];

pub fn starter_skill(slug: &str) -> Option<&'static Skill> {
    STARTER_SKILLS.iter().find(|s| s.slug == slug)
}

/// Most skills one offer, need or profile may carry.
pub const MAX_SKILLS: usize = 10;
/// Longest free tag, in characters.
pub const MAX_TAG_CHARS: usize = 40;

/// Lower case with French (and neighbouring) accents removed: "Comptabilité" -> "comptabilite".
/// Search text, tags and places all go through it, so a member typing on a phone without
/// accents finds what another wrote with them, on both databases alike.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' | 'ý' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' => out.push('\''),
            c => out.push(c),
        }
    }
    out
}

/// One skill as typed: a starter slug, a starter label in either language ("Comptabilité",
/// "bookkeeping"), or a free tag, which becomes lower case, unaccented, words joined by `-`.
pub fn normalize_skill(raw: &str) -> Result<String, String> {
    let folded = fold(raw.trim());
    if let Some(s) = STARTER_SKILLS
        .iter()
        .find(|s| s.slug == folded || fold(s.fr) == folded || fold(s.en) == folded)
    {
        return Ok(s.slug.to_string());
    }
    let tag = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if tag.is_empty() {
        return Err(format!("{raw:?} is not a skill: use letters or digits"));
    }
    if tag.chars().count() > MAX_TAG_CHARS {
        return Err(format!(
            "a skill tag has at most {MAX_TAG_CHARS} characters"
        ));
    }
    Ok(tag)
}

/// Normalizes a list of skills, without repeats, in the order given.
pub fn normalize_skills(raw: &[String]) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for r in raw {
        let s = normalize_skill(r)?;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    if out.len() > MAX_SKILLS {
        return Err(format!("at most {MAX_SKILLS} skills"));
    }
    Ok(out)
}

/// The words a skill adds to the search text: both labels of a starter skill, the words of a
/// tag. So an English query finds a French offer tagged with the same category.
pub fn skill_words(slug: &str) -> String {
    match starter_skill(slug) {
        Some(s) => fold(&format!("{} {}", s.fr, s.en)),
        None => slug.replace('-', " "),
    }
}

/// Where the help happens and its limits, as the author sets them; checked by [`Details::validate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub mode: Mode,
    pub place: Option<String>,
    pub expires_at: Option<i64>,
}

/// Longest an offer or a need stays listed: a year and a day.
pub const MAX_LIFETIME_MILLIS: i64 = 366 * 24 * 3600 * 1000;

impl Details {
    pub fn validate(&self, now: i64) -> Result<(), (&'static str, String)> {
        if self.mode == Mode::InPerson && self.place.is_none() {
            return Err((
                "place_required",
                "say where you meet in person (a town, a place)".into(),
            ));
        }
        if let Some(at) = self.expires_at {
            if at <= now {
                return Err(("invalid_expiry", "the expiry date is in the future".into()));
            }
            if at - now > MAX_LIFETIME_MILLIS {
                return Err((
                    "invalid_expiry",
                    "an offer or a need expires within a year".into(),
                ));
            }
        }
        Ok(())
    }
}

/// Words too common to tell offers apart (French and English), left out of search queries.
const STOP_WORDS: &[&str] = &[
    "les", "des", "une", "aux", "pour", "par", "sur", "dans", "avec", "sans", "que", "qui", "quoi",
    "est", "sont", "mon", "mes", "ton", "nos", "vos", "leur", "son", "ses", "cette", "ces",
    "notre", "votre", "comment", "faire", "besoin", "cherche", "aide", "aider", "peut", "pas",
    "plus", "tres", "bien", "etre", "avoir", "suis", "avons", "elle", "ils", "nous", "vous", "the",
    "and", "for", "with", "how", "need", "help", "our", "your", "about", "from", "this", "that",
    "are", "can", "du", "de", "la", "le", "et", "ou", "un", "en", "au", "je",
];

/// The query words of a text: folded, without stop words or words under three letters, a
/// final plural `s`/`x` dropped ("factures" -> "facture"), at most 24, no repeats. Each word
/// is then searched as a prefix, which is the whole of our "stemming": light, the same on both
/// databases, and enough for French plurals and most feminine forms.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in fold(text).split(|c: char| !c.is_alphanumeric()) {
        if word.chars().count() < 3 || STOP_WORDS.contains(&word) {
            continue;
        }
        let mut w = word.to_string();
        if w.chars().count() > 4 && (w.ends_with('s') || w.ends_with('x')) {
            w.pop();
        }
        if !terms.contains(&w) {
            terms.push(w);
        }
        if terms.len() == 24 {
            break;
        }
    }
    terms
}

/// Whether two places are the same town: equal once folded, or one names the other
/// ("Rennes" and "Rennes, quartier Colombier").
pub fn same_place(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let words = |p: &str| -> Vec<String> {
        fold(p)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 1)
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.iter().all(|w| long.contains(w))
}

/// Whether `viewer` may see a member's profile competences.
#[derive(Clone, Copy, Debug)]
pub struct Viewer {
    pub logged_in: bool,
    pub is_self: bool,
    /// The viewer and the member are both members of at least one group.
    pub shares_group: bool,
}

pub fn profile_visible(visibility: Visibility, viewer: Viewer) -> bool {
    viewer.is_self
        || match visibility {
            Visibility::Public => true,
            // The network: any member signed in here (remote members come with federation).
            Visibility::Network => viewer.logged_in,
            Visibility::Group => viewer.shares_group,
        }
}

/// What a candidate (an offer or a person) has in common with a need.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Affinity {
    /// Skills the candidate shares with the need.
    pub shared_skills: usize,
    /// Full-text relevance as the database gives it (bm25 negated, or ts_rank): 0 for none.
    pub text: f64,
    pub same_place: bool,
}

/// Weight of one shared skill: more than the best text relevance and the place together, so a
/// shared skill always ranks above a text match alone.
const SKILL_WEIGHT: f64 = 2.0;
const PLACE_WEIGHT: f64 = 0.5;

impl Affinity {
    /// Whether the candidate is worth suggesting at all (a place alone is not).
    pub fn matches(&self) -> bool {
        self.shared_skills > 0 || self.text > 0.0
    }

    /// Skills first, then text relevance squeezed into [0, 1), then the place.
    pub fn score(&self) -> f64 {
        let text = if self.text > 0.0 {
            self.text / (1.0 + self.text)
        } else {
            0.0
        };
        let place = if self.same_place { PLACE_WEIGHT } else { 0.0 };
        SKILL_WEIGHT * self.shared_skills as f64 + text + place
    }
}

/// Orders candidates best first; equal scores keep the newest first (`recency`, larger is newer).
pub fn rank<T>(candidates: &mut [(T, Affinity, i64)]) {
    candidates.sort_by(|a, b| {
        b.1.score()
            .total_cmp(&a.1.score())
            .then_with(|| b.2.cmp(&a.2))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn competence_skills_are_recognized_in_both_languages_and_tags_normalized() {
        assert_eq!(normalize_skill("Comptabilité").unwrap(), "bookkeeping");
        assert_eq!(normalize_skill("comptabilite").unwrap(), "bookkeeping");
        assert_eq!(normalize_skill(" Bookkeeping ").unwrap(), "bookkeeping");
        assert_eq!(
            normalize_skill("signature électronique").unwrap(),
            "e_signature"
        );
        assert_eq!(
            normalize_skill("Facturation  Électronique!").unwrap(),
            "facturation-electronique"
        );
        assert!(normalize_skill("  !! ").is_err());
        assert!(normalize_skill(&"a".repeat(41)).is_err());
        let many: Vec<String> = (0..11).map(|i| format!("tag{i}")).collect();
        assert!(normalize_skills(&many).is_err());
        let repeated = vec!["Juridique".to_string(), "legal".to_string(), "RGPD".into()];
        assert_eq!(normalize_skills(&repeated).unwrap(), vec!["legal", "rgpd"]);
    }

    #[test]
    fn competence_details_are_checked() {
        let now = 1_000_000;
        let ok = Details {
            mode: Mode::Online,
            place: None,
            expires_at: Some(now + 1),
        };
        assert!(ok.validate(now).is_ok());
        let no_place = Details {
            mode: Mode::InPerson,
            place: None,
            expires_at: None,
        };
        assert_eq!(no_place.validate(now).unwrap_err().0, "place_required");
        let past = Details {
            expires_at: Some(now - 1),
            ..ok.clone()
        };
        assert_eq!(past.validate(now).unwrap_err().0, "invalid_expiry");
        let far = Details {
            expires_at: Some(now + MAX_LIFETIME_MILLIS + 1),
            ..ok
        };
        assert_eq!(far.validate(now).unwrap_err().0, "invalid_expiry");
    }

    #[test]
    fn competence_query_terms_fold_accents_and_drop_plurals_and_stop_words() {
        assert_eq!(
            query_terms("Besoin d'aide pour mes Factures et la Comptabilité"),
            vec!["facture", "comptabilite"]
        );
        assert!(query_terms("le la de").is_empty());
        assert!(
            query_terms("\"x\" OR y:* & | ()").is_empty(),
            "no query syntax survives"
        );
    }

    #[test]
    fn competence_places_match_by_town() {
        assert!(same_place(
            Some("Rennes"),
            Some("rennes, quartier Colombier")
        ));
        assert!(same_place(Some("Saint-Étienne"), Some("saint etienne")));
        assert!(!same_place(Some("Rennes"), Some("Nantes")));
        assert!(!same_place(None, Some("Nantes")));
    }

    #[test]
    fn competence_profile_visibility() {
        let anon = Viewer {
            logged_in: false,
            is_self: false,
            shares_group: false,
        };
        let member = Viewer {
            logged_in: true,
            ..anon
        };
        let colleague = Viewer {
            shares_group: true,
            ..member
        };
        assert!(profile_visible(Visibility::Public, anon));
        assert!(!profile_visible(Visibility::Network, anon));
        assert!(profile_visible(Visibility::Network, member));
        assert!(!profile_visible(Visibility::Group, member));
        assert!(profile_visible(Visibility::Group, colleague));
        assert!(profile_visible(
            Visibility::Group,
            Viewer {
                is_self: true,
                ..anon
            }
        ));
    }

    #[test]
    fn competence_ranking_puts_skill_overlap_above_text_and_place() {
        let text_only = Affinity {
            shared_skills: 0,
            text: 50.0,
            same_place: true,
        };
        let one_skill = Affinity {
            shared_skills: 1,
            text: 0.0,
            same_place: false,
        };
        let two_skills = Affinity {
            shared_skills: 2,
            text: 0.0,
            same_place: false,
        };
        let one_skill_text = Affinity {
            text: 0.3,
            ..one_skill
        };
        let one_skill_place = Affinity {
            same_place: true,
            ..one_skill
        };
        let mut c = vec![
            ("text", text_only, 5),
            ("one", one_skill, 1),
            ("one+text", one_skill_text, 2),
            ("two", two_skills, 3),
            ("one+place", one_skill_place, 4),
        ];
        rank(&mut c);
        let order: Vec<&str> = c.iter().map(|x| x.0).collect();
        assert_eq!(order, vec!["two", "one+place", "one+text", "one", "text"]);
        assert!(!Affinity {
            same_place: true,
            ..Default::default()
        }
        .matches());
        // Equal scores: the newest first.
        let mut tie = vec![("old", one_skill, 1), ("new", one_skill, 9)];
        rank(&mut tie);
        assert_eq!(tie[0].0, "new");
    }
}
