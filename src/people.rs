//! People and structure of a commune: the officials directory (`can-bo.yaml`), the community
//! digital-technology team (`to-cong-nghe-so.yaml`) and the organisation (`to-chuc.yaml`), all in
//! `sites/<folder>/`. Private mobile numbers are published only with `public: true` (personal
//! data law applies to staff and volunteers). Formats: `docs/people-format.md`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::SiteConfig;
use crate::contact::Phone;
use crate::diag::Diagnostics;
use crate::msg;
use crate::text;
use crate::yaml::span as at;
use crate::yaml::{self, Spanned};

/// `can-bo.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialsFile {
    /// People, in display order.
    pub officials: Vec<OfficialFile>,
}

/// One official.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialFile {
    /// Full name.
    pub name: Spanned<String>,
    /// Role, e.g. "Chủ tịch Ủy ban nhân dân".
    pub role: Spanned<String>,
    /// Role in English (the organisation page in English lists it).
    #[serde(default)]
    pub role_en: Option<String>,
    /// Group, e.g. "Lãnh đạo", "Công chức chuyên môn".
    #[serde(default)]
    pub group: Option<String>,
    /// Work phone (always published).
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
    /// Personal mobile: published only with `public: true`.
    #[serde(default)]
    pub mobile: Option<Spanned<String>>,
    /// Consent to publish the personal mobile.
    #[serde(default)]
    pub public: bool,
    /// Work e-mail.
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    /// Duties.
    #[serde(default)]
    pub duties: Option<String>,
    /// Citizen-reception schedule.
    #[serde(default)]
    pub reception: Option<String>,
}

/// `to-cong-nghe-so.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigitalTeamFile {
    /// One paragraph for residents.
    #[serde(default)]
    pub description: Option<String>,
    /// What the team helps with.
    #[serde(default)]
    pub help: Vec<String>,
    /// Members.
    pub members: Vec<MemberFile>,
}

/// One team member.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberFile {
    /// Name.
    pub name: String,
    /// Hamlet id from site.yaml `hamlets`.
    pub hamlet: Spanned<String>,
    /// Role in the team.
    #[serde(default)]
    pub role: Option<String>,
    /// Phone: published only with `public: true`.
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
    /// Consent to publish the phone.
    #[serde(default)]
    pub public: bool,
}

/// `to-chuc.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationFile {
    /// Functions and duties (chức năng, nhiệm vụ), one per line.
    pub functions: Vec<String>,
    /// The same in English.
    #[serde(default)]
    pub functions_en: Vec<String>,
    /// Departments.
    #[serde(default)]
    pub departments: Vec<DepartmentFile>,
}

/// One department.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentFile {
    /// Name.
    pub name: String,
    /// Name in English.
    #[serde(default)]
    pub name_en: Option<String>,
    /// Head's name.
    #[serde(default)]
    pub head: Option<String>,
    /// What it does.
    #[serde(default)]
    pub duties: Option<String>,
    /// In English.
    #[serde(default)]
    pub duties_en: Option<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
}

/// An official as published.
#[derive(Debug, Clone, Serialize)]
pub struct Official {
    /// Name.
    pub name: String,
    /// Anchor and vCard file name.
    pub slug: String,
    /// Role.
    pub role: String,
    /// Role in English.
    pub role_en: Option<String>,
    /// Group.
    pub group: Option<String>,
    /// Phones that may be published (work, and mobile with consent).
    pub phones: Vec<Phone>,
    /// E-mail.
    pub email: Option<String>,
    /// Duties.
    pub duties: Option<String>,
    /// Reception.
    pub reception: Option<String>,
}

/// A team member as published.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// Name.
    pub name: String,
    /// Role.
    pub role: Option<String>,
    /// Phone, only with consent.
    pub phone: Option<Phone>,
}

/// Members of one hamlet.
#[derive(Debug, Clone, Serialize)]
pub struct HamletTeam {
    /// Hamlet id from site.yaml, the anchor of its part of the page (the search links to it).
    pub id: String,
    /// Hamlet name.
    pub hamlet: String,
    /// Members.
    pub members: Vec<Member>,
}

/// The team page.
#[derive(Debug, Clone, Serialize)]
pub struct DigitalTeam {
    /// Description.
    pub description: Option<String>,
    /// What they help with.
    pub help: Vec<String>,
    /// By hamlet, in site.yaml order.
    pub hamlets: Vec<HamletTeam>,
}

/// A department as published.
#[derive(Debug, Clone, Serialize)]
pub struct Department {
    /// Name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Head.
    pub head: Option<String>,
    /// Duties.
    pub duties: Option<String>,
    /// English duties.
    pub duties_en: Option<String>,
    /// Phone.
    pub phone: Option<Phone>,
}

/// The organisation page.
#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    /// Functions.
    pub functions: Vec<String>,
    /// English functions.
    pub functions_en: Vec<String>,
    /// Departments.
    pub departments: Vec<Department>,
}

/// Everything of this module for one site.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Officials (empty when there is no can-bo.yaml).
    pub officials: Vec<Official>,
    /// The digital team.
    pub team: Option<DigitalTeam>,
    /// The organisation.
    pub organisation: Option<Organisation>,
}

fn phone(file: &Path, s: &Option<Spanned<String>>, diags: &mut Diagnostics) -> Option<Phone> {
    let s = s.as_ref()?;
    crate::contact::phone(at(file, s), &s.value, diags)
}

fn read<T: serde::de::DeserializeOwned>(
    root: &Path,
    site: &SiteConfig,
    name: &str,
    diags: &mut Diagnostics,
) -> Option<T> {
    let path = site.dir.join(name);
    if !crate::fsx::present(&path) {
        return None;
    }
    let rel = site.rel_dir.join(name);
    let text = crate::fsx::read_text(root, &path, &rel)
        .map_err(|d| diags.push(d))
        .ok()?;
    yaml::parse(&text, &rel, 1).map_err(|d| diags.push(d)).ok()
}

/// `to-chuc.yaml`: the committee's functions and departments.
fn organisation(site: &SiteConfig, f: OrganisationFile, diags: &mut Diagnostics) -> Organisation {
    let file = site.rel_dir.join("to-chuc.yaml");
    let departments = f
        .departments
        .into_iter()
        .map(|d| Department {
            phone: phone(&file, &d.phone, diags),
            name: d.name,
            name_en: d.name_en,
            head: d.head,
            duties: d.duties,
            duties_en: d.duties_en,
        })
        .collect();
    Organisation {
        functions: f.functions,
        functions_en: f.functions_en,
        departments,
    }
}

/// Loads the three files of a site (each optional), read under `fsx`'s policy for `root`.
pub fn load(root: &Path, site: &SiteConfig, diags: &mut Diagnostics) -> People {
    let mut people = People::default();
    if let Some(f) = read::<OfficialsFile>(root, site, "can-bo.yaml", diags) {
        let file = site.rel_dir.join("can-bo.yaml");
        let mut slugs = text::UniqueIds::default();
        for o in f.officials {
            let mut phones: Vec<Phone> = phone(&file, &o.phone, diags).into_iter().collect();
            let mobile = phone(&file, &o.mobile, diags);
            if o.public {
                phones.extend(mobile);
            }
            let email = o
                .email
                .as_ref()
                .and_then(|e| crate::contact::email(at(&file, e), &e.value, diags));
            for (field, v) in [("name", &o.name), ("role", &o.role)] {
                crate::front::warn_control(at(&file, v), field, &v.value, diags);
            }
            let slug = slugs.claim(&text::slugify_bounded(&o.name.value));
            people.officials.push(Official {
                name: o.name.value,
                slug,
                role: o.role.value,
                role_en: o.role_en,
                group: o.group,
                phones,
                email,
                duties: o.duties,
                reception: o.reception,
            });
        }
    }
    if let Some(f) = read::<DigitalTeamFile>(root, site, "to-cong-nghe-so.yaml", diags) {
        let file = site.rel_dir.join("to-cong-nghe-so.yaml");
        let mut hamlets: Vec<HamletTeam> = site
            .hamlets
            .iter()
            .map(|h| HamletTeam {
                id: h.id.clone(),
                hamlet: h.name.clone(),
                members: Vec::new(),
            })
            .collect();
        for m in f.members {
            let ph = phone(&file, &m.phone, diags);
            let Some(i) = site.hamlets.iter().position(|h| h.id == m.hamlet.value) else {
                let hint = match text::closest(
                    &m.hamlet.value,
                    site.hamlets.iter().map(|h| h.id.as_str()),
                ) {
                    Some(c) => msg!("có phải ý bạn là `{c}`?", "did you mean `{c}`?"),
                    None => msg!(
                        "thêm thôn/tổ này vào `hamlets` trong site.yaml.",
                        "add it to `hamlets` in site.yaml."
                    ),
                };
                diags.error_hint(
                    at(&file, &m.hamlet),
                    msg!(
                        "không có thôn, tổ dân phố `{}` trong site.yaml",
                        "no hamlet `{}` in site.yaml",
                        m.hamlet.value
                    ),
                    hint,
                );
                continue;
            };
            hamlets[i].members.push(Member {
                name: m.name,
                role: m.role,
                phone: if m.public { ph } else { None },
            });
        }
        hamlets.retain(|h| !h.members.is_empty());
        people.team = Some(DigitalTeam {
            description: f.description,
            help: f.help,
            hamlets,
        });
    }
    people.organisation = read::<OrganisationFile>(root, site, "to-chuc.yaml", diags)
        .map(|f| organisation(site, f, diags));
    people
}

/// A vCard 4.0 for an official (RFC 6350), through `textfmt::vcard`: escaped values, lines
/// folded at 75 octets; nothing in a name can start a property of its own.
pub fn vcard(o: &Official, org: &str, site_url: &str) -> String {
    let mut c = crate::textfmt::vcard::Card::default();
    c.raw("BEGIN", "VCARD");
    c.raw("VERSION", "4.0");
    c.text("FN", &o.name);
    c.raw("ORG", &crate::textfmt::vcard::structured(&[org]));
    c.text("TITLE", &o.role);
    for p in &o.phones {
        c.uri("TEL;VALUE=uri", &p.tel);
    }
    if let Some(e) = &o.email {
        c.text("EMAIL", e);
    }
    c.uri("URL", &format!("{site_url}can-bo/#{}", o.slug));
    c.raw("END", "VCARD");
    c.finish()
}
