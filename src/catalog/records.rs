//! The portal's JSON detail record (an external format): read as a JSON tree and mapped field by
//! field into an [`OfficialFile`]. A field this module does not know, or knows but cannot place,
//! is kept under `unmapped` with its path, never dropped.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value};

use super::normalise::{self, bullets, clean, heading, unbullet};
use crate::diag::{Diagnostic, Span};
use crate::msg;
use crate::procedures::official::*;

/// Fields that repeat what another field gives in full (id lists beside the `…Details` lists),
/// or describe the record rather than the procedure.
const REDUNDANT: [&str; 21] = [
    "categoryIds",
    "serviceGroupIds",
    "legalBasisIds",
    "resultIds",
    "subjectTypeIds",
    "departmentExecutingIds",
    "departmentAuthorityIds",
    "departmentAuthorizedIds",
    "departmentCoordinatingIds",
    "unitGroupExecutingIds",
    "unitGroupAuthorityIds",
    "unitGroupAuthorizedIds",
    "unitGroupCoordinatingIds",
    "departmentPromulgateId",
    "departmentPromulgateCode",
    "createdAt",
    "category",
    "profileComponentId",
    "id",
    "currencyId",
    "fileId",
];

/// Whether a value carries nothing (empty string, list, object, null, false).
fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    }
}

/// One JSON object being mapped: fields are taken out as they are placed; what remains when it is
/// dropped goes to `unmapped` under its path.
struct Obj<'u> {
    map: Map<String, Value>,
    path: String,
    unmapped: &'u mut BTreeMap<String, String>,
}

impl<'u> Obj<'u> {
    fn new(v: Value, path: String, unmapped: &'u mut BTreeMap<String, String>) -> Self {
        let map = match v {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            other => {
                unmapped.insert(path.clone(), other.to_string());
                Map::new()
            }
        };
        Obj {
            map,
            path,
            unmapped,
        }
    }
    fn take(&mut self, k: &str) -> Value {
        self.map.remove(k).unwrap_or(Value::Null)
    }
    fn str(&mut self, k: &str) -> String {
        match self.take(k) {
            Value::String(s) => clean(&s),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }
    fn bool(&mut self, k: &str) -> bool {
        match self.take(k) {
            Value::Bool(b) => b,
            Value::Null => false,
            other => {
                self.keep(k, &other);
                false
            }
        }
    }
    fn list(&mut self, k: &str) -> Vec<Value> {
        match self.take(k) {
            Value::Array(a) => a,
            Value::Null => Vec::new(),
            other => {
                self.keep(k, &other);
                Vec::new()
            }
        }
    }
    fn keep(&mut self, k: &str, v: &Value) {
        self.unmapped
            .insert(format!("{}{k}", self.path), v.to_string());
    }
    fn child(&mut self, v: Value, k: &str) -> Obj<'_> {
        let path = format!("{}{k}.", self.path);
        Obj::new(v, path, self.unmapped)
    }
}

impl Drop for Obj<'_> {
    fn drop(&mut self) {
        for (k, v) in std::mem::take(&mut self.map) {
            if !empty(&v) && !REDUNDANT.contains(&k.as_str()) {
                self.unmapped
                    .insert(format!("{}{k}", self.path), v.to_string());
            }
        }
    }
}

/// Reads one record file's text: the API envelope `{code, data, message}` or the bare record.
/// A JSON error is reported at its line and column.
pub fn parse(
    text: &str,
    file: &Path,
    provinces: &BTreeMap<String, String>,
) -> Result<OfficialFile, Diagnostic> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(
            Span::at(file, e.line() as u32, e.column() as u32),
            msg!(
                "tệp bản ghi không phải JSON hợp lệ: {e}",
                "the record file is not valid JSON: {e}"
            ),
        )
        .hint(msg!(
            "tải lại bản ghi từ Cổng Dịch vụ công quốc gia (`congxa catalog fetch`).",
            "download the record again from the national portal (`congxa catalog fetch`)."
        ))
    })?;
    let data = match v {
        Value::Object(mut m) if m.contains_key("data") && !m.contains_key("executionSteps") => {
            m.remove("data").unwrap_or(Value::Null)
        }
        other => other,
    };
    if !data.is_object() || data.get("code").and_then(Value::as_str).is_none() {
        return Err(Diagnostic::error(
            Span::file(file),
            msg!(
                "tệp không phải bản ghi chi tiết thủ tục (thiếu `code`)",
                "the file is not a procedure detail record (no `code`)"
            ),
        )
        .hint(msg!(
            "mỗi tệp là một bản ghi chi tiết của Cổng Dịch vụ công quốc gia, có `code`, `name`, `executionSteps`.",
            "each file is one detail record of the national portal, with `code`, `name`, `executionSteps`."
        )));
    }
    Ok(map_record(data, provinces))
}

fn map_record(data: Value, provinces: &BTreeMap<String, String>) -> OfficialFile {
    let mut unmapped = BTreeMap::new();
    let mut o = Obj::new(data, String::new(), &mut unmapped);
    let code = o.str("code");
    let notation = o.str("codeNotation");
    if !notation.is_empty() && notation != code {
        o.keep("codeNotation", &Value::String(notation));
    }
    let issued_by = o.str("departmentPromulgateName");
    let scope = scope_of(&mut o, &issued_by, provinces);
    let updated = ms_date(&o.take("updatedAt")).unwrap_or_default();
    let mut f = OfficialFile {
        formality_id: o.str("id"),
        name: o.str("name"),
        fields: names(&mut o, "categoriesDetails"),
        scope,
        issued_by,
        levels: levels(&mut o),
        state: state(&mut o),
        successor: None,
        checked: BTreeMap::new(),
        online: String::new(),
        bodies: bodies(&mut o),
        authority: agencies(
            &mut o,
            &["unitGroupsAuthority", "departmentsAuthority"],
            "authorizedAgencies",
        ),
        delegated: agencies(
            &mut o,
            &["unitGroupsAuthorized", "departmentsAuthorized"],
            "delegatedAgencies",
        ),
        coordinating: agencies(
            &mut o,
            &["unitGroupsCoordinating", "departmentsCoordinating"],
            "coordinatingAgencies",
        ),
        formality_type: o.str("formalityType"),
        service_groups: names(&mut o, "serviceGroupsDetails"),
        keywords: o
            .str("keywords")
            .split([',', ';'])
            .map(clean)
            .filter(|k| !k.is_empty())
            .collect(),
        note: bullets(&o.str_raw("note")),
        subjects: names(&mut o, "subjectTypesDetails"),
        description: bullets(&o.str_raw("description")),
        steps: steps(&mut o),
        channels: Vec::new(),
        fees: Vec::new(),
        documents: documents(&mut o),
        conditions: bullets(&o.str_raw("requirementsAndConditions")),
        results: names(&mut o, "resultsDetails"),
        where_to_submit: bullets(&o.str_raw("dossierReceivingAddresses")),
        returning: returning(&mut o),
        variants: variants(&mut o),
        legal_basis: legal(&mut o),
        decision: decision(&mut o),
        unmapped: BTreeMap::new(),
        code,
        updated,
    };
    let (channels, fees) = channels(&mut o);
    f.channels = channels;
    f.fees = fees;
    f.online = online_level(&mut o, &f.channels);
    for s in [
        "steps",
        "documents",
        "channels",
        "legal_basis",
        "conditions",
        "results",
    ] {
        f.checked.insert(s.into(), f.updated.clone());
    }
    drop(o);
    f.unmapped = unmapped;
    f
}

/// National (STANDARD) or one province's own (SPECIFIC, named by the body that issued it); an
/// unknown type is kept in `unmapped`.
fn scope_of(o: &mut Obj<'_>, issued_by: &str, provinces: &BTreeMap<String, String>) -> Scope {
    let kind = o.str("type");
    if kind == "SPECIFIC" {
        return Scope {
            kind: "province".into(),
            province: province_of(issued_by, provinces),
        };
    }
    if !kind.is_empty() && kind != "STANDARD" {
        o.keep("type", &Value::String(kind));
    }
    Scope {
        kind: "national".into(),
        province: None,
    }
}

/// How far the procedure can be done online: the whole way, in part, or not at all.
fn online_level(o: &mut Obj<'_>, channels: &[Channel]) -> String {
    let full = o.bool("isFullProcess");
    let offline = o.bool("isOfflineOnly");
    let has_online = channels.iter().any(|c| c.channel == "truc-tuyen");
    match (full, offline || !has_online) {
        (true, _) => "toan-trinh",
        (false, true) => "khong",
        (false, false) => "mot-phan",
    }
    .into()
}

impl Obj<'_> {
    /// A text field with its line breaks kept, for [`bullets`].
    fn str_raw(&mut self, k: &str) -> String {
        match self.take(k) {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => {
                self.keep(k, &other);
                String::new()
            }
        }
    }
}

/// The province code of "UBND tỉnh Lai Châu" / "UBND Thành phố Hải Phòng", from the portal's
/// province names ("Tỉnh Lai Châu", "Thành phố Hải Phòng") by code.
fn province_of(issued_by: &str, provinces: &BTreeMap<String, String>) -> Option<String> {
    let by = crate::text::fold(issued_by);
    provinces
        .iter()
        .filter(|(_, name)| {
            let n = crate::text::fold(name);
            let bare = n
                .trim_start_matches("tinh ")
                .trim_start_matches("thanh pho ");
            by.ends_with(&format!("tinh {bare}")) || by.ends_with(&format!("thanh pho {bare}"))
        })
        .map(|(code, _)| code.clone())
        .next()
}

/// Milliseconds since 1970 (the portal's timestamps) as a Vietnam-time date "YYYY-MM-DD".
fn ms_date(v: &Value) -> Option<String> {
    crate::dates::unix_ms_vn_date(v.as_i64()?)
}

fn names(o: &mut Obj<'_>, k: &str) -> Vec<String> {
    let list = o.list(k);
    let mut out = Vec::new();
    for (i, v) in list.into_iter().enumerate() {
        let mut c = o.child(v, &format!("{k}[{i}]"));
        let n = c.str("name");
        c.take("code");
        let t = c.take("type");
        if !empty(&t) && k != "serviceGroupsDetails" {
            c.keep("type", &t);
        }
        if !n.is_empty() {
            out.push(n);
        }
    }
    out
}

fn levels(o: &mut Obj<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, name) in [
        ("isWard", "xa"),
        ("isProvince", "tinh"),
        ("isMinistry", "bo"),
        ("isOtherAgency", "khac"),
        ("isVertical", "doc"),
        ("isUndetermined", "chua-xac-dinh"),
        ("isInternal", "noi-bo"),
        ("isSharedService", "dung-chung"),
        ("isNonTerritorial", "phi-dia-gioi"),
    ] {
        if o.bool(k) {
            out.push(name.to_owned());
        }
    }
    out
}

fn state(o: &mut Obj<'_>) -> String {
    let s = o.str("state");
    match s.as_str() {
        "ACTIVE" | "" => "active".into(),
        "UPDATED" => "updated".into(),
        x if x.contains("ABOLISH") || x.contains("CANCEL") || x.contains("INACTIVE") => {
            "abolished".into()
        }
        other => {
            o.keep("state", &Value::String(other.to_owned()));
            "active".into()
        }
    }
}

fn bodies(o: &mut Obj<'_>) -> Vec<String> {
    let mut out = names(o, "unitGroupsExecuting");
    out.extend(names(o, "departmentsExecuting"));
    for i in bullets(&o.str_raw("executingAgencies")) {
        if !out.contains(&i.text) {
            out.push(i.text);
        }
    }
    out
}

fn agencies(o: &mut Obj<'_>, lists: &[&str], text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in lists {
        for n in names(o, k) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    for i in normalise::flatten(&bullets(&o.str_raw(text))) {
        if !out.iter().any(|n| n == i) {
            out.push(i.to_owned());
        }
    }
    out
}

fn steps(o: &mut Obj<'_>) -> Vec<Item> {
    let list = o.list("executionSteps");
    let mut out = Vec::new();
    for (i, v) in list.into_iter().enumerate() {
        let mut c = o.child(v, &format!("executionSteps[{i}]"));
        let name = unbullet(&c.str("name"));
        let body = bullets(&c.str_raw("description"));
        if name.is_empty() {
            // All steps in one string: its top-level lines are the steps.
            out.extend(body);
        } else {
            out.push(Item {
                text: name,
                items: body,
            });
        }
    }
    out
}

fn documents(o: &mut Obj<'_>) -> Vec<DocumentGroup> {
    let list = o.list("executionCases");
    let mut groups = Vec::new();
    for (i, v) in list.into_iter().enumerate() {
        let mut c = o.child(v, &format!("executionCases[{i}]"));
        let title = heading(&c.str("name"));
        let mut g = DocumentGroup {
            title,
            documents: Vec::new(),
            notes: Vec::new(),
        };
        for (j, pv) in c.list("profileComponents").into_iter().enumerate() {
            let mut p = c.child(pv, &format!("profileComponents[{j}]"));
            place_component(&mut p, &mut g);
        }
        groups.push(g);
    }
    // Documents listed outside any case.
    let loose = o.list("profileComponents");
    if !loose.is_empty() {
        let mut g = DocumentGroup {
            title: None,
            documents: Vec::new(),
            notes: Vec::new(),
        };
        for (j, pv) in loose.into_iter().enumerate() {
            let mut p = o.child(pv, &format!("profileComponents[{j}]"));
            place_component(&mut p, &mut g);
        }
        groups.push(g);
    }
    groups
}

/// A component with no original, no copy, not required, no form and no file is a note the
/// record lists among the documents.
fn place_component(p: &mut Obj<'_>, g: &mut DocumentGroup) {
    let name_raw = p.str_raw("name");
    let originals = count(&p.take("originalQty"));
    let copies = count(&p.take("copyQty"));
    let required = p.bool("required");
    let electronic_form = p.bool("hasElectronicForm");
    if p.bool("isProcessingResult") {
        p.keep("isProcessingResult", &Value::Bool(true));
    }
    p.take("code");
    let mut forms = Vec::new();
    for (k, a) in p.list("attachments").into_iter().enumerate() {
        let mut a = p.child(a, &format!("attachments[{k}]"));
        let file = a.str("fileName");
        a.take("bucketName");
        let path = a.str("filePath");
        let _ = path; // the storage path is not a public link: the form is reached from the portal page
        forms.push(Form {
            number: normalise::form_number(&file),
            file,
            url: None,
        });
    }
    let name = unbullet(&name_raw);
    if originals == 0 && copies == 0 && !required && !electronic_form && forms.is_empty() {
        g.notes.extend(bullets(&name_raw));
        return;
    }
    g.documents.push(Document {
        alternatives: normalise::alternatives(&name),
        name,
        originals,
        copies,
        required,
        electronic_form,
        forms,
    });
}

fn count(v: &Value) -> u32 {
    v.as_u64()
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

fn number_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string().replace('.', ",")),
        Value::String(s) if !s.trim().is_empty() => Some(clean(s)),
        _ => None,
    }
}

fn unit(s: &str) -> String {
    match s {
        "WORKING_DAY" => "ngay-lam-viec".into(),
        "DAY" => "ngay".into(),
        "HOUR" => "gio".into(),
        "OTHER" | "" => "khac".into(),
        other => other.to_lowercase(),
    }
}

fn channel_name(s: &str) -> String {
    match s {
        "DIRECT" => "truc-tiep".into(),
        "ONLINE" => "truc-tuyen".into(),
        "POSTAL" => "buu-chinh".into(),
        other => other.to_lowercase(),
    }
}

fn channels(o: &mut Obj<'_>) -> (Vec<Channel>, Vec<Fee>) {
    let list = o.list("executionMethods");
    let mut chans = Vec::new();
    let mut fee_lists: Vec<Vec<Fee>> = Vec::new();
    for (i, v) in list.into_iter().enumerate() {
        let mut c = o.child(v, &format!("executionMethods[{i}]"));
        let channel = channel_name(&c.str("submissionMethod"));
        let time = number_text(&c.take("processingTime"));
        let unit = unit(&c.str("processingTimeUnit"));
        let notes = bullets(&c.str_raw("description"));
        let mut fees = Vec::new();
        for (j, fv) in c.list("fees").into_iter().enumerate() {
            let mut fo = c.child(fv, &format!("fees[{j}]"));
            fees.push(fee(&mut fo));
        }
        fee_lists.push(fees);
        chans.push(Channel {
            channel,
            time,
            unit,
            notes,
            fees: None,
        });
    }
    // Another level fee list repeated on the record's top level.
    let top: Vec<Value> = o.list("fees");
    let mut top_fees = Vec::new();
    for (j, fv) in top.into_iter().enumerate() {
        let mut fo = o.child(fv, &format!("fees[{j}]"));
        top_fees.push(fee(&mut fo));
    }
    let all_same = fee_lists.windows(2).all(|w| w[0] == w[1]);
    let mut common = if all_same {
        fee_lists.first().cloned().unwrap_or_default()
    } else {
        for (c, f) in chans.iter_mut().zip(fee_lists) {
            c.fees = Some(f);
        }
        Vec::new()
    };
    for f in top_fees {
        if !common.contains(&f) {
            common.push(f);
        }
    }
    (chans, common)
}

fn fee(fo: &mut Obj<'_>) -> Fee {
    let kind = match fo.str("type").as_str() {
        "FEE" => "le-phi".to_owned(),
        "SERVICE_FEE" => "phi".to_owned(),
        "PRICE_LEVEL" => "gia".to_owned(),
        other => other.to_lowercase(),
    };
    let amount = fo.take("value").as_u64();
    let text_raw = fo.str_raw("description");
    let folded = crate::text::fold(&text_raw);
    let set_by_province = amount.unwrap_or(0) == 0
        && (folded.contains("hoi dong nhan dan") || folded.contains("hdnd"));
    fo.take("currencyName");
    let mut files = Vec::new();
    let att = fo.take("attachment");
    if !empty(&att) {
        let mut a = fo.child(att, "attachment");
        files.push(a.str("fileName"));
    }
    Fee {
        kind,
        amount,
        set_by_province,
        text: bullets(&text_raw),
        files,
    }
}

fn returning(o: &mut Obj<'_>) -> Vec<Returning> {
    let mut out = Vec::new();
    for (i, v) in o.list("returningMethods").into_iter().enumerate() {
        let mut c = o.child(v, &format!("returningMethods[{i}]"));
        let channel = match c.str("type").as_str() {
            "OFFLINE" => "truc-tiep".to_owned(),
            other => channel_name(other),
        };
        let ways = c
            .list("value")
            .iter()
            .map(|w| match w.as_str().unwrap_or_default() {
                "AT_HOME" => "tai-nha".to_owned(),
                "AT_SUBMISSION_PLACE" => "noi-nop".to_owned(),
                "ONLINE" => "truc-tuyen".to_owned(),
                other => other.to_lowercase(),
            })
            .collect();
        out.push(Returning { channel, ways });
    }
    out
}

fn variants(o: &mut Obj<'_>) -> Vec<Variant> {
    let mut out = Vec::new();
    for (i, v) in o.list("cases").into_iter().enumerate() {
        let mut c = o.child(v, &format!("cases[{i}]"));
        let code = c.str("code");
        let name = c.str("name");
        let day = c.take("processingDay");
        let mut d = c.child(day, "processingDay");
        let time = number_text(&d.take("qty"));
        let unit = unit(&d.str("type"));
        drop(d);
        out.push(Variant {
            code,
            name,
            time,
            unit,
        });
    }
    out.sort_by(|a, b| a.code.cmp(&b.code));
    out
}

fn legal(o: &mut Obj<'_>) -> Vec<Legal> {
    let mut out: Vec<Legal> = Vec::new();
    for (i, v) in o.list("legalBasisesDetails").into_iter().enumerate() {
        let mut c = o.child(v, &format!("legalBasisesDetails[{i}]"));
        let code = c.str("code");
        let title = c.str("name");
        let number = normalise::legal_number(if code.is_empty() { &title } else { &code });
        let amended_by = normalise::amended_by(&title, &number);
        out.push(Legal {
            number,
            title,
            amended_by,
        });
    }
    out
}

fn decision(o: &mut Obj<'_>) -> Option<Decision> {
    let v = o.take("procedureProposal");
    if empty(&v) {
        return None;
    }
    let mut c = o.child(v, "procedureProposal");
    let number = c.str("proposalNumber");
    let date = ms_date(&c.take("decisionDate"));
    c.take("publicationDate");
    c.take("proposalType");
    let dn = c.take("decisionNumber");
    if !empty(&dn) {
        c.keep("decisionNumber", &dn);
    }
    let agency = {
        let a = c.take("issuingAgency");
        let mut ac = c.child(a, "issuingAgency");
        let n = ac.str("name");
        (!n.is_empty()).then_some(n)
    };
    Some(Decision {
        number,
        date,
        agency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provinces() -> BTreeMap<String, String> {
        [("12", "Tỉnh Lai Châu"), ("31", "Thành phố Hải Phòng")]
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect()
    }

    fn fixture(name: &str) -> OfficialFile {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/records")
            .join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        parse(&text, Path::new(name), &provinces()).unwrap()
    }

    #[test]
    fn all_steps_in_one_string_with_bullets_become_nested_steps() {
        let f = fixture("9.000001.json");
        let texts: Vec<&str> = f.steps.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts[0],
            "Bước 1: Người yêu cầu nộp hồ sơ tại Trung tâm Phục vụ hành chính công."
        );
        assert_eq!(f.steps.len(), 4, "{:#?}", f.steps);
        assert_eq!(f.steps[0].items[1].items[1].text, "trên ứng dụng VNeID.");
        assert_eq!(f.steps[3].text, "Lưu ý:");
    }

    #[test]
    fn heading_cases_become_groups_and_zero_quantity_components_notes() {
        let f = fixture("9.000001.json");
        assert_eq!(f.documents[0].title.as_deref(), Some("Giấy tờ phải nộp"));
        assert_eq!(f.documents[1].title.as_deref(), Some("Lưu ý"));
        assert_eq!(
            f.document_names(),
            [
                "Tờ khai theo mẫu",
                "Văn bản ủy quyền (nếu nhờ người khác nộp)"
            ]
        );
        assert!(f.documents[1].documents.is_empty());
        assert_eq!(
            f.documents[1].notes[0].items[0].text,
            "Giấy tờ đã có trong cơ sở dữ liệu thì không phải nộp."
        );
        let d = &f.documents[0].documents[0];
        assert!(d.required && d.electronic_form && d.originals == 1);
        assert_eq!(d.forms[0].number.as_deref(), Some("Mẫu số 11"));
    }

    #[test]
    fn one_fee_list_when_channels_agree_and_provincial_zero_is_not_free() {
        let f = fixture("9.000001.json");
        assert_eq!(f.fees.len(), 2);
        assert!(f.channels.iter().all(|c| c.fees.is_none()));
        assert!(f.fees[0].set_by_province && f.fees[0].amount == Some(0));
        assert!(!f.fees[1].set_by_province);
        let post = f
            .channels
            .iter()
            .find(|c| c.channel == "buu-chinh")
            .unwrap();
        assert_eq!(post.unit, "khac");
        assert_eq!(
            post.notes[0].text,
            "Trong ngày làm việc; nếu phải xác minh thì không quá 05 ngày làm việc."
        );
    }

    #[test]
    fn channels_with_different_fees_keep_their_own() {
        let f = fixture("9.000002.json");
        assert!(f.fees.is_empty());
        assert_eq!(f.channels[0].fees.as_ref().unwrap()[0].amount, Some(20000));
        assert_eq!(f.channels[1].fees.as_ref().unwrap()[0].amount, Some(10000));
        assert_eq!(f.channels[0].time.as_deref(), Some("0,5"));
        assert_eq!(f.channels[1].time.as_deref(), Some("4"));
        assert_eq!(f.online, "toan-trinh");
    }

    #[test]
    fn specific_procedure_names_its_province_by_code() {
        let f = fixture("9.000002.json");
        assert_eq!(f.scope.kind, "province");
        assert_eq!(f.scope.province.as_deref(), Some("12"));
        assert!(f.steps[1].items[0].text.len() > 1000);
    }

    #[test]
    fn legal_codes_are_canonical_with_what_amends_them() {
        let f = fixture("9.000001.json");
        assert_eq!(f.legal_basis[0].number, "63/2010/NĐ-CP");
        assert_eq!(f.legal_basis[0].amended_by, ["92/2017/NĐ-CP"]);
        assert_eq!(f.legal_basis[1].number, "60/2014/QH13");
    }

    #[test]
    fn unknown_fields_are_kept_in_unmapped_never_dropped() {
        let f = fixture("9.000001.json");
        assert_eq!(
            f.unmapped.get("futureField").map(String::as_str),
            Some(r#"{"kept":true}"#)
        );
        assert_eq!(f.unmapped.len(), 1, "{:?}", f.unmapped);
        assert_eq!(f.updated, "2026-04-15");
        assert_eq!(f.decision.as_ref().unwrap().number, "1/QĐ-BTN");
    }

    #[test]
    fn a_document_offering_a_choice_keeps_its_name_and_lists_each_choice() {
        let f = fixture("9.000004.json");
        let d = &f.documents[0].documents;
        assert_eq!(
            d[1].name,
            "Giấy khai sinh hoặc giấy chứng sinh hoặc văn bản xác nhận nơi sinh"
        );
        assert_eq!(d[1].alternatives.join(" hoặc "), d[1].name);
        assert!(d[2].alternatives.is_empty() && d[3].alternatives.is_empty());
    }

    #[test]
    fn abolished_state_is_kept() {
        assert_eq!(fixture("9.000003.json").state, "abolished");
    }

    #[test]
    fn broken_json_is_reported_at_its_line() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records/broken.json.txt");
        let text = std::fs::read_to_string(path).unwrap();
        let d = parse(&text, Path::new("broken.json"), &provinces()).unwrap_err();
        assert_eq!((d.span.line, d.span.column), (3, 3));
    }
}
