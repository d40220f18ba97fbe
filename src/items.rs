//! Typed content: announcements (`content/thong-bao/*.md`), events and online meetings
//! (`content/su-kien/*.md`) and documents (`content/van-ban/*.md`). Each folder has its own front
//! matter schema (`deny_unknown_fields`): the page keys of `content.rs` plus the kind's keys.
//! Formats: `docs/announcement-format.md`, `docs/event-format.md`, `docs/document-format.md`.

use std::path::Path;

use serde::Deserialize;
use time::{Date, OffsetDateTime};

use crate::dates::{parse_date, parse_moment};
use crate::diag::{Diagnostics, Span};
use crate::front::span as at;
use crate::front::{FrontMatter, bad_date, is_section_index};
use crate::msg;
use crate::text;
use crate::yaml::{self, Spanned};

/// Folder of announcements.
pub const ANNOUNCEMENTS: &str = "thong-bao";
/// Folder of events.
pub const EVENTS: &str = "su-kien";
/// Folder of documents.
pub const DOCUMENTS: &str = "van-ban";

/// Announcement categories: id and name. Fixed so that residents see the same words on every
/// commune's site and feeds can be filtered the same way everywhere.
pub const CATEGORIES: [(&str, &str); 9] = [
    ("an-ninh-trat-tu", "An ninh trật tự"),
    ("y-te", "Y tế, tiêm chủng"),
    ("thien-tai", "Thiên tai, thời tiết"),
    ("dien-nuoc", "Điện, nước"),
    ("lua-dao", "Cảnh báo lừa đảo"),
    ("hanh-chinh", "Hành chính"),
    ("giao-duc", "Giáo dục"),
    ("van-hoa-xa-hoi", "Văn hóa, xã hội"),
    ("khac", "Thông báo khác"),
];

/// Urgency of an announcement; lists and the banner order by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Khẩn cấp: act now (storm, flood, fire).
    KhanCap,
    /// Quan trọng.
    QuanTrong,
    /// Thông tin.
    ThongTin,
}

impl Severity {
    fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "khan-cap" => Some(Self::KhanCap),
            "quan-trong" => Some(Self::QuanTrong),
            "thong-tin" => Some(Self::ThongTin),
            _ => None,
        }
    }

    /// Vietnamese label.
    pub fn label(self) -> &'static str {
        match self {
            Self::KhanCap => "Khẩn cấp",
            Self::QuanTrong => "Quan trọng",
            Self::ThongTin => "Thông tin",
        }
    }
}

/// What a typed page carries besides the common page fields.
#[derive(Debug, Clone)]
pub enum Extra {
    /// An ordinary page.
    Plain,
    /// An announcement.
    Announcement(Announcement),
    /// An event.
    Event(Event),
    /// A document.
    Document(Document),
}

/// An announcement's own fields.
#[derive(Debug, Clone)]
pub struct Announcement {
    /// Category id.
    pub category: String,
    /// Audience ids (site audiences and hamlets).
    pub audiences: Vec<String>,
    /// Shown as a banner on every page until `expires`.
    pub urgent: bool,
    /// Severity.
    pub severity: Severity,
    /// When the banner, the item's place on the home page and in the current lists end; the
    /// page stays at its URL, marked as no longer in force.
    pub expires: Option<OffsetDateTime>,
    /// Where `expires` is written (a warning about an expiry points there).
    pub expires_at: Option<Span>,
    /// SMS choices.
    pub sms: SmsOptions,
}

/// What the clerk chose for an item's SMS (`sms`, `sms_link`, `sms_segments`, docs/reach.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsOptions {
    /// The clerk's own text (checked GSM-7), else congxa writes one.
    pub text: Option<String>,
    /// Where `sms` is written (a too-long text is reported there).
    pub at: Option<Span>,
    /// Add the short link at the end (`sms_link: false` leaves it out).
    pub link: bool,
    /// Segments the SMS may take (`sms_segments`, 1 to [`MAX_SMS_SEGMENTS`]).
    pub segments: usize,
}

impl SmsOptions {
    /// One segment, with the link, congxa's text.
    pub const DEFAULT: Self = Self {
        text: None,
        at: None,
        link: true,
        segments: 1,
    };
}

/// Most segments a clerk may allow for one SMS: operators bill each, and phones show longer
/// concatenated messages badly.
pub const MAX_SMS_SEGMENTS: u8 = 3;

/// An event's own fields.
#[derive(Debug, Clone)]
pub struct Event {
    /// Start.
    pub start: OffsetDateTime,
    /// End.
    pub end: Option<OffsetDateTime>,
    /// Place.
    pub place: Option<String>,
    /// Online meeting link (Zoom, Teams, Zalo).
    pub online_url: Option<String>,
    /// Audience ids.
    pub audiences: Vec<String>,
    /// SMS choices.
    pub sms: SmsOptions,
}

/// How long an event without `end` is taken to last: its calendar entry, and when it counts
/// as past.
pub const DEFAULT_EVENT_LENGTH: time::Duration = time::Duration::hours(1);

/// When an event that starts at `start` ends: `end`, else [`DEFAULT_EVENT_LENGTH`] later. Checked:
/// a start at the very end of the calendar ends when it starts rather than panicking (loaded
/// dates keep a year of margin, see `dates::LAST_YEAR`, so this is a second line).
pub fn event_end(start: OffsetDateTime, end: Option<OffsetDateTime>) -> OffsetDateTime {
    end.unwrap_or_else(|| start.checked_add(DEFAULT_EVENT_LENGTH).unwrap_or(start))
}

impl Event {
    /// See [`event_end`].
    pub fn end_or_default(&self) -> OffsetDateTime {
        event_end(self.start, self.end)
    }

    /// Whether the event is over at `now`: from its end on (the instant itself is a next
    /// clock-dependent change of the site), it leaves the home page and moves to the past list.
    pub fn is_past(&self, now: OffsetDateTime) -> bool {
        self.end_or_default() <= now
    }
}

/// A document's own fields: what a resident needs to recognise and cite it. Which fields the
/// law in force asks for is not checked yet (docs/legal-basis.md).
#[derive(Debug, Clone)]
pub struct Document {
    /// Form (hình thức): Quyết định, Công văn, Kế hoạch, Thông báo, …
    pub form: String,
    /// Issuer.
    pub issuer: String,
    /// Number and symbol (số ký hiệu).
    pub number: String,
    /// Date issued.
    pub issued: Date,
    /// Date in force.
    pub effective: Option<Date>,
    /// Summary (trích yếu).
    pub summary: String,
    /// Attached file, relative to the site's `static/`.
    pub file: Option<String>,
}

/// Front matter of an announcement.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementFront {
    /// Title.
    pub title: String,
    /// Short description (lists, feeds).
    #[serde(default)]
    pub description: Option<String>,
    /// Posted (required).
    pub date: Spanned<String>,
    /// Last updated (defaults to `date`).
    #[serde(default)]
    pub updated: Option<Spanned<String>>,
    /// Category id.
    pub category: Spanned<String>,
    /// Audience ids.
    #[serde(default)]
    pub audiences: Vec<Spanned<String>>,
    /// Urgent: banner on every page.
    #[serde(default)]
    pub urgent: bool,
    /// `khan-cap`, `quan-trong`, `thong-tin` (default `thong-tin`).
    #[serde(default)]
    pub severity: Option<Spanned<String>>,
    /// End of validity (RFC 3339 or YYYY-MM-DD).
    #[serde(default)]
    pub expires: Option<Spanned<String>>,
    /// Draft.
    #[serde(default)]
    pub draft: bool,
    /// Scheduled publication.
    #[serde(default)]
    pub publish_at: Option<Spanned<String>>,
    /// The clerk's own SMS text (GSM-7: without diacritics).
    #[serde(default)]
    pub sms: Option<Spanned<String>>,
    /// `false`: no short link at the end of the SMS.
    #[serde(default)]
    pub sms_link: Option<bool>,
    /// Segments the SMS may take (default 1).
    #[serde(default)]
    pub sms_segments: Option<Spanned<u8>>,
    /// Language.
    #[serde(default)]
    pub lang: Option<Spanned<String>>,
}

/// Front matter of an event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFront {
    /// Title.
    pub title: String,
    /// Short description.
    #[serde(default)]
    pub description: Option<String>,
    /// Start (RFC 3339, Vietnam time if no offset is given as `+07:00`).
    pub start: Spanned<String>,
    /// End.
    #[serde(default)]
    pub end: Option<Spanned<String>>,
    /// Place.
    #[serde(default)]
    pub place: Option<String>,
    /// Online meeting link.
    #[serde(default)]
    pub online_url: Option<Spanned<String>>,
    /// Audience ids.
    #[serde(default)]
    pub audiences: Vec<Spanned<String>>,
    /// Posted.
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    /// Last updated (required).
    #[serde(default)]
    pub updated: Option<Spanned<String>>,
    /// Draft.
    #[serde(default)]
    pub draft: bool,
    /// Scheduled publication.
    #[serde(default)]
    pub publish_at: Option<Spanned<String>>,
    /// The clerk's own SMS text (GSM-7: without diacritics).
    #[serde(default)]
    pub sms: Option<Spanned<String>>,
    /// `false`: no short link at the end of the SMS.
    #[serde(default)]
    pub sms_link: Option<bool>,
    /// Segments the SMS may take (default 1).
    #[serde(default)]
    pub sms_segments: Option<Spanned<u8>>,
    /// Language.
    #[serde(default)]
    pub lang: Option<Spanned<String>>,
}

/// Front matter of a document.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentFront {
    /// Title (usually the form and the summary).
    pub title: String,
    /// Form (hình thức văn bản).
    pub form: String,
    /// Issuer (cơ quan ban hành).
    pub issuer: String,
    /// Number and symbol (số ký hiệu).
    pub number: String,
    /// Date issued, YYYY-MM-DD.
    pub issued: Spanned<String>,
    /// Date in force, YYYY-MM-DD.
    #[serde(default)]
    pub effective: Option<Spanned<String>>,
    /// Summary (trích yếu).
    pub summary: String,
    /// Attached file in `static/` (a PDF).
    #[serde(default)]
    pub file: Option<Spanned<String>>,
    /// Posted.
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    /// Last updated (required).
    #[serde(default)]
    pub updated: Option<Spanned<String>>,
    /// Draft.
    #[serde(default)]
    pub draft: bool,
    /// Scheduled publication.
    #[serde(default)]
    pub publish_at: Option<Spanned<String>>,
}

/// Which schema a content path uses: by its top folder.
pub fn folder_of(source: &str) -> &str {
    source.split('/').next().unwrap_or_default()
}

/// Context for validating typed front matter.
pub struct Vocab<'a> {
    /// Audience and hamlet ids of the site, sorted (looked up by binary search: a site of
    /// many pages and files is checked in n log n, not n × m).
    pub audiences: &'a [String],
    /// Files in the site's `static/`, sorted.
    pub static_files: &'a [String],
}

fn audiences(
    file: &Path,
    list: &[Spanned<String>],
    vocab: &Vocab<'_>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out = Vec::new();
    for a in list {
        if vocab.audiences.binary_search(&a.value).is_ok() {
            out.push(a.value.clone());
        } else {
            let hint = match text::closest(&a.value, vocab.audiences.iter().map(String::as_str)) {
                Some(c) => msg!("có phải ý bạn là `{c}`?", "did you mean `{c}`?"),
                None => msg!(
                    "thêm đối tượng này vào `audiences` hoặc `hamlets` trong site.yaml.",
                    "add it to `audiences` or `hamlets` in site.yaml."
                ),
            };
            diags.error_hint(
                at(file, a),
                msg!(
                    "không có đối tượng `{}` trong site.yaml",
                    "no audience `{}` in site.yaml",
                    a.value
                ),
                hint,
            );
        }
    }
    out
}

fn moment(
    file: &Path,
    key: &str,
    s: &Spanned<String>,
    diags: &mut Diagnostics,
) -> Option<OffsetDateTime> {
    parse_moment(&s.value)
        .map_err(|why| {
            let invalid = (
                msg!(
                    "thời điểm `{}` trong `{key}` không hợp lệ",
                    "invalid time `{}` in `{key}`",
                    s.value
                ),
                msg!(
                    "viết \"2026-12-01T08:00:00+07:00\" (giờ Việt Nam) hoặc \"2026-12-01\".",
                    "write \"2026-12-01T08:00:00+07:00\" or \"2026-12-01\"."
                ),
            );
            bad_date(diags, at(file, s), key, &s.value, why, invalid);
        })
        .ok()
}

/// `expires` before the day the announcement is posted (`date`) is an error at `expires`: it
/// would never be in force, and is most often a typo in the month or the year. A `date` that is
/// not a date is reported where the page's dates are read.
fn expires_after_date(
    file: &Path,
    expires: OffsetDateTime,
    written: &Spanned<String>,
    date: &Spanned<String>,
    diags: &mut Diagnostics,
) {
    let Ok(posted) = parse_date(&date.value) else {
        return;
    };
    if expires < crate::dates::midnight(posted) {
        diags.error_hint(
            at(file, written),
            msg!(
                "`expires` ({}) sớm hơn ngày đăng `date` ({}): thông báo sẽ không bao giờ có hiệu lực",
                "`expires` ({}) is before `date` ({}): the announcement would never be in force",
                written.value.trim(),
                date.value.trim()
            ),
            msg!(
                "sửa `expires` thành lúc thông báo hết hiệu lực (sau ngày đăng), hoặc sửa `date`.",
                "set `expires` to when the announcement stops applying (after it is posted), or correct `date`."
            ),
        );
    }
}

/// The SMS choices of an item. A clerk's `sms:` outside the GSM alphabet (most often with
/// diacritics) is refused rather than converted, since it was written on purpose; the hint
/// shows it converted. Its length is checked once the short link is known (`reach::sms`).
fn sms_options(
    file: &Path,
    text: &Option<Spanned<String>>,
    link: Option<bool>,
    segments: &Option<Spanned<u8>>,
    diags: &mut Diagnostics,
) -> SmsOptions {
    let mut opts = SmsOptions::DEFAULT;
    opts.link = link.unwrap_or(true);
    if let Some(n) = segments {
        if (1..=MAX_SMS_SEGMENTS).contains(&n.value) {
            opts.segments = usize::from(n.value);
        } else {
            diags.error_hint(
                at(file, n),
                msg!(
                    "`sms_segments: {}` không hợp lệ",
                    "`sms_segments: {}` is not allowed",
                    n.value
                ),
                msg!(
                    "dùng 1, 2 hoặc 3 (số tin nhắn nối cho một thông báo).",
                    "use 1, 2 or 3 (messages joined for one notice)."
                ),
            );
        }
    }
    let Some(t) = text else {
        return opts;
    };
    opts.at = Some(at(file, t));
    let own = t.value.trim();
    if own.is_empty() {
        diags.error_hint(
            at(file, t),
            msg!("`sms` để trống", "`sms` is empty"),
            msg!(
                "viết nội dung tin nhắn, hoặc xóa dòng `sms` để congxa tự viết.",
                "write the message, or remove the `sms` line to let congxa write one."
            ),
        );
        return opts;
    }
    // YAML reads `sms: false` as the text "false": a clerk meaning "no link" or "no SMS" would
    // send residents the word.
    if ["false", "true", "no", "yes", "off", "on", "null", "~"]
        .contains(&own.to_lowercase().as_str())
    {
        diags.error_hint(
            at(file, t),
            msg!(
                "`sms: {own}` không phải nội dung tin nhắn",
                "`sms: {own}` is not a message text"
            ),
            msg!(
                "để bỏ đường dẫn ngắn ở cuối tin nhắn, viết `sms_link: false`; để congxa tự viết tin nhắn, xóa dòng `sms`.",
                "to leave the short link out, write `sms_link: false`; to let congxa write the message, remove the `sms` line."
            ),
        );
        return opts;
    }
    if let Some(bad) = own.chars().find(|&c| !crate::gsm::is_gsm(c)) {
        let converted = crate::gsm::to_gsm_line(own);
        diags.error_hint(
            at(file, t),
            msg!(
                "`sms` có ký tự `{bad}` ngoài bảng chữ GSM 7-bit: tin nhắn sẽ bị gửi dạng Unicode, chỉ 70 ký tự mỗi tin",
                "`sms` has `{bad}`, outside the GSM 7-bit alphabet: the message would go as Unicode, 70 characters a message"
            ),
            msg!(
                "viết không dấu, ví dụ: `sms: \"{converted}\"`.",
                "write it without diacritics, e.g. `sms: \"{converted}\"`."
            ),
        );
        return opts;
    }
    opts.text = Some(own.to_owned());
    opts
}

/// Parses the front matter of `source` according to its folder, returning the common page
/// fields and the typed extra. `None` (with diagnostics) when unusable.
pub fn parse_front(
    front: &str,
    file: &Path,
    source: &str,
    vocab: &Vocab<'_>,
    diags: &mut Diagnostics,
) -> Option<(FrontMatter, Extra)> {
    let kind = if is_section_index(source) {
        ""
    } else {
        folder_of(source)
    };
    match kind {
        ANNOUNCEMENTS => announcement_front(front, file, vocab, diags),
        EVENTS => event_front(front, file, vocab, diags),
        DOCUMENTS => document_front(front, file, vocab, diags),
        _ => {
            let f: FrontMatter = yaml::parse(front, file, 2)
                .map_err(|e| diags.push(e))
                .ok()?;
            Some((f, Extra::Plain))
        }
    }
}

fn announcement_front(
    front: &str,
    file: &Path,
    vocab: &Vocab<'_>,
    d: &mut Diagnostics,
) -> Option<(FrontMatter, Extra)> {
    let f: AnnouncementFront = yaml::parse(front, file, 2).map_err(|e| d.push(e)).ok()?;
    let category = if CATEGORIES.iter().any(|(id, _)| *id == f.category.value) {
        f.category.value.clone()
    } else {
        let ids: Vec<&str> = CATEGORIES.iter().map(|(id, _)| *id).collect();
        let hint = match text::closest(&f.category.value, ids.iter().copied()) {
            Some(c) => msg!(
                "có phải ý bạn là `{c}`? Các loại: {}.",
                "did you mean `{c}`? Categories: {}.",
                ids.join(", ")
            ),
            None => msg!("dùng một trong: {}.", "use one of: {}.", ids.join(", ")),
        };
        d.error_hint(
            at(file, &f.category),
            msg!(
                "loại thông báo `{}` không hợp lệ",
                "unknown announcement category `{}`",
                f.category.value
            ),
            hint,
        );
        "khac".to_owned()
    };
    let severity = match &f.severity {
        None => Severity::ThongTin,
        Some(s) => Severity::parse(&s.value).unwrap_or_else(|| {
            d.error_hint(
                at(file, s),
                msg!("mức độ `{}` không hợp lệ", "invalid severity `{}`", s.value),
                msg!(
                    "dùng `khan-cap`, `quan-trong` hoặc `thong-tin`.",
                    "use `khan-cap`, `quan-trong` or `thong-tin`."
                ),
            );
            Severity::ThongTin
        }),
    };
    let expires = f
        .expires
        .as_ref()
        .and_then(|e| moment(file, "expires", e, d));
    if let (Some(e), Some(es)) = (expires, &f.expires) {
        expires_after_date(file, e, es, &f.date, d);
    }
    if f.urgent && expires.is_none() && f.expires.is_none() {
        d.error_hint(
            Span::at(file, 1, 1),
            msg!("thông báo khẩn (`urgent: true`) phải có `expires`", "an urgent announcement needs `expires`"),
            msg!("thêm `expires: \"2026-12-01T17:00:00+07:00\"`: lúc dải cảnh báo trên mọi trang tự tắt.", "add `expires:`: when the banner on every page stops."),
        );
    }
    let extra = Announcement {
        category,
        audiences: audiences(file, &f.audiences, vocab, d),
        urgent: f.urgent,
        severity,
        expires,
        expires_at: f.expires.as_ref().map(|e| at(file, e)),
        sms: sms_options(file, &f.sms, f.sms_link, &f.sms_segments, d),
    };
    // An announcement is dated when posted: unless updated since, that is its last change.
    let updated = f.updated.or_else(|| Some(f.date.clone()));
    let page = FrontMatter::item(
        f.title,
        f.description,
        Some(f.date),
        updated,
        f.draft,
        f.publish_at,
        f.lang,
    );
    Some((page, Extra::Announcement(extra)))
}

fn event_front(
    front: &str,
    file: &Path,
    vocab: &Vocab<'_>,
    d: &mut Diagnostics,
) -> Option<(FrontMatter, Extra)> {
    let f: EventFront = yaml::parse(front, file, 2).map_err(|e| d.push(e)).ok()?;
    let start = moment(file, "start", &f.start, d);
    let end = f.end.as_ref().and_then(|e| moment(file, "end", e, d));
    if let (Some(s), Some(e), Some(es)) = (start, end, &f.end)
        && e < s
    {
        d.error(
            at(file, es),
            msg!("`end` sớm hơn `start`", "`end` is before `start`"),
        );
    }
    // An empty `place: ""` or `online_url: ""` says nothing: it counts as missing.
    let given_url = f.online_url.as_ref().filter(|u| !u.value.trim().is_empty());
    let place = f.place.clone().filter(|p| !p.trim().is_empty());
    let online_url =
        given_url.and_then(|u| crate::contact::web_url(at(file, u), "online_url", &u.value, d));
    if place.is_none() && given_url.is_none() {
        missing_place(front, file, &f, d);
    }
    if let Some(pl) = &f.place {
        let at = crate::front::front_key(front, file, "place");
        crate::front::warn_control(at, "place", pl, d);
    }
    let extra = Event {
        start: start?,
        end,
        place,
        online_url,
        audiences: audiences(file, &f.audiences, vocab, d),
        sms: sms_options(file, &f.sms, f.sms_link, &f.sms_segments, d),
    };
    let page = FrontMatter::item(
        f.title,
        f.description,
        f.date,
        f.updated,
        f.draft,
        f.publish_at,
        f.lang,
    );
    Some((page, Extra::Event(extra)))
}

fn document_front(
    front: &str,
    file: &Path,
    vocab: &Vocab<'_>,
    d: &mut Diagnostics,
) -> Option<(FrontMatter, Extra)> {
    let f: DocumentFront = yaml::parse(front, file, 2).map_err(|e| d.push(e)).ok()?;
    let date = |s: &Spanned<String>, key: &str, d: &mut Diagnostics| {
        parse_date(&s.value)
            .map_err(|why| {
                let invalid = (
                    msg!(
                        "ngày `{}` trong `{key}` không hợp lệ",
                        "invalid date `{}` in `{key}`",
                        s.value
                    ),
                    msg!(
                        "viết theo dạng \"YYYY-MM-DD\", ví dụ \"2026-11-23\".",
                        "write it as \"YYYY-MM-DD\", e.g. \"2026-11-23\"."
                    ),
                );
                bad_date(d, at(file, s), key, &s.value, why, invalid);
            })
            .ok()
    };
    let issued = date(&f.issued, "issued", d);
    let effective = f.effective.as_ref().and_then(|e| date(e, "effective", d));
    let file_ref = f.file.as_ref().and_then(|p| {
        let rel =
            crate::fsx::safe_relative(&p.value).map(|r| r.to_string_lossy().replace('\\', "/"));
        match rel {
            Some(r) if vocab.static_files.binary_search(&r).is_ok() => Some(r),
            Some(r) => {
                d.error_hint(
                    at(file, p),
                    msg!(
                        "không tìm thấy tệp đính kèm `{}` trong static/",
                        "attached file `{}` not found in static/",
                        p.value
                    ),
                    msg!(
                        "đặt tệp PDF vào static/{r} hoặc sửa đường dẫn.",
                        "put the PDF at static/{r} or correct the path."
                    ),
                );
                None
            }
            None => {
                d.error(
                    at(file, p),
                    msg!(
                        "đường dẫn `{}` không hợp lệ (không dùng `..`)",
                        "invalid path `{}` (no `..`)",
                        p.value
                    ),
                );
                None
            }
        }
    });
    let extra = Document {
        form: f.form,
        issuer: f.issuer,
        number: f.number,
        issued: issued?,
        effective,
        summary: f.summary,
        file: file_ref,
    };
    // A document is described by its summary (the page shows it) and is in the site's language.
    let page = FrontMatter::item(
        f.title,
        None,
        f.date,
        f.updated,
        f.draft,
        f.publish_at,
        None,
    );
    Some((page, Extra::Document(extra)))
}

/// An event with no usable `place` nor `online_url`: residents would not know where to go. The
/// error points at the empty key when one was written (`congxa new event` once wrote `place: ""`).
fn missing_place(front: &str, file: &Path, f: &EventFront, d: &mut Diagnostics) {
    let (span, message) = if f.place.is_some() {
        (
            crate::front::front_key(front, file, "place"),
            msg!(
                "`place` của sự kiện đang để trống và sự kiện không có `online_url`",
                "the event's `place` is empty and it has no `online_url`"
            ),
        )
    } else if let Some(u) = &f.online_url {
        (
            at(file, u),
            msg!(
                "`online_url` của sự kiện đang để trống và sự kiện không có `place`",
                "the event's `online_url` is empty and it has no `place`"
            ),
        )
    } else {
        (
            Span::at(file, 1, 1),
            msg!(
                "sự kiện chưa có địa điểm (`place`) hoặc đường dẫn họp trực tuyến (`online_url`)",
                "the event has neither `place` nor `online_url`"
            ),
        )
    };
    d.error_hint(
        span,
        message,
        msg!(
            "ghi nơi tổ chức, ví dụ `place: \"Hội trường UBND, tầng 2\"`, hoặc đường dẫn họp trực tuyến `online_url: \"https://...\"` (Zoom, Teams, Zalo); chưa biết thì đặt `draft: true` cho sự kiện này.",
            "give the venue, e.g. `place: \"Hội trường UBND, tầng 2\"`, or the meeting link `online_url: \"https://...\"` (Zoom, Teams, Zalo); if not known yet, set `draft: true` on this event."
        ),
    );
}

/// Whether the urgent banner of `a` is shown at `now`.
pub fn is_active(a: &Announcement, now: OffsetDateTime) -> bool {
    a.urgent && !is_expired(a, now)
}

/// Whether `a` is no longer in force at `now`: out of the home page and the current lists,
/// in the archive, its page marked "đã hết hiệu lực". From the instant `expires` on, so the
/// moment itself is the site's next clock-dependent change (`project::next_change`).
pub fn is_expired(a: &Announcement, now: OffsetDateTime) -> bool {
    a.expires.is_some_and(|e| e <= now)
}

/// Category name by id.
pub fn category_name(id: &str) -> &'static str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == id)
        .map_or("Thông báo khác", |(_, n)| n)
}
