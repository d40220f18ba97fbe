//! The editable fields of every file a clerk edits, as one table ([`FORMS`]): from it come the
//! Decap CMS `config.yml` of a site ([`decap_config`]), the forms' help texts and the field
//! tables of `docs/bieu-mau.md` ([`docs_markdown`]). Tests hold the table to the schemas: every
//! key of each serde struct has a field here and every field here is a key; a field is required
//! here exactly when the schema refuses a file without it; every format's pattern accepts all
//! that `check` accepts.
//!
//! Maps keyed by an id (`procedures.yaml`'s `local` by procedure code, a procedure's `fees` by
//! fee id) are shown as lists with the id as their first field ([`Widget::Keyed`]): Decap has no
//! widget for a map with free keys. The file keeps its map format (the readable one, where
//! the YAML loader already refuses a code written twice); the editor's backend turns the map
//! into a list when it hands the file to the CMS and back when it saves
//! ([`crate::edit::merge::keyed_to_lists`], [`crate::edit::merge::lists_to_keyed`]).

use std::fmt::Write as _;

use crate::config::SiteConfig;
use crate::items::CATEGORIES;

/// One field of a form: one key of a file.
#[derive(Debug)]
pub struct Field {
    /// The key in the file.
    pub name: &'static str,
    /// Label on the form: Vietnamese, English.
    pub label: (&'static str, &'static str),
    /// The kind of input.
    pub widget: Widget,
    /// Whether the file is refused without it.
    pub required: bool,
    /// Help under the field: Vietnamese, English.
    pub help: (&'static str, &'static str),
}

/// The kind of input of a field.
#[derive(Debug)]
pub enum Widget {
    /// One line of text.
    Line,
    /// Several lines of text.
    Paragraph,
    /// Text in a given format.
    Formatted(Format),
    /// Yes / no.
    Bool,
    /// A whole number.
    Int,
    /// A decimal number.
    Decimal,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// A moment: date and time with the Vietnam offset.
    Moment,
    /// One of a list of values.
    Choice(Choices),
    /// Several of a list of values.
    MultiChoice(Choices),
    /// A list of one-line texts.
    Lines,
    /// A file in the site's `static/` folder, by its path there.
    StaticFile,
    /// A group of fields.
    Object(&'static [Field]),
    /// A list of groups of fields.
    Objects(&'static [Field]),
    /// A map keyed by an id, edited as a list whose first field is the id (named here).
    Keyed(&'static str, &'static [Field]),
    /// A map from an id to a whole number, edited as a list of (id, number).
    KeyedInt(&'static str, &'static str),
    /// Set when the site is created and not changed through the forms (identity, address of
    /// the published site, theme): kept as it is, not shown.
    Locked,
}

/// Formats of text that `check` validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Vietnamese phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// An absolute `https://` link.
    WebUrl,
}

impl Format {
    /// Whether `check` accepts `v` (the definitions `check` itself uses).
    pub fn accepts(self, v: &str) -> bool {
        match self {
            Format::Phone => crate::contact::Phone::parse(v).is_some(),
            Format::Email => crate::contact::is_email(v),
            Format::WebUrl => crate::contact::is_web_url(v.trim()),
        }
    }

    /// The browser-side pattern (JavaScript regular expression) and its message. Never stricter
    /// than [`Format::accepts`]; the save is checked again with `check`'s own rules.
    pub fn pattern(self) -> (&'static str, &'static str) {
        match self {
            Format::Phone => (
                r"^\+?[0-9 .()\-]{3,30}$",
                "Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, gạch ngang, ví dụ 0255 3822 123",
            ),
            Format::Email => (
                r"^[^\s@]+@[^\s.]\S*\.\S*[^\s.]$",
                "Địa chỉ thư điện tử có dạng ten@mien.gov.vn",
            ),
            Format::WebUrl => (
                r#"^https?://[^\s/?#"<>]*\.[^\s/?#"<>]*([/?#][^\s"<>]*)?$"#,
                "Đường dẫn bắt đầu bằng https://",
            ),
        }
    }
}

/// Where the values of a choice come from.
#[derive(Debug, Clone, Copy)]
pub enum Choices {
    /// The fixed announcement categories ([`CATEGORIES`]).
    Categories,
    /// `khan-cap`, `quan-trong`, `thong-tin`.
    Severities,
    /// The site's `audiences` and `hamlets` (both are accepted in `audiences:`).
    AudiencesAndHamlets,
    /// The site's `hamlets`.
    Hamlets,
    /// The site's languages.
    Languages,
    /// `toan-trinh`, `mot-phan`, `khong`.
    OnlineLevels,
}

impl Choices {
    /// (value, label) pairs for `site`.
    pub fn options(self, site: &SiteConfig) -> Vec<(String, String)> {
        let fixed = |l: &[(&str, &str)]| {
            l.iter()
                .map(|(v, n)| ((*v).to_owned(), (*n).to_owned()))
                .collect()
        };
        match self {
            Choices::Categories => fixed(&CATEGORIES),
            Choices::Severities => fixed(&[
                ("khan-cap", "Khẩn cấp"),
                ("quan-trong", "Quan trọng"),
                ("thong-tin", "Thông tin"),
            ]),
            Choices::OnlineLevels => fixed(&[
                ("toan-trinh", "Trực tuyến toàn trình"),
                ("mot-phan", "Trực tuyến một phần"),
                ("khong", "Không trực tuyến"),
            ]),
            Choices::AudiencesAndHamlets => site
                .audiences
                .iter()
                .chain(&site.hamlets)
                .map(|v| (v.id.clone(), v.name.clone()))
                .collect(),
            Choices::Hamlets => site
                .hamlets
                .iter()
                .map(|v| (v.id.clone(), v.name.clone()))
                .collect(),
            Choices::Languages => site
                .languages
                .iter()
                .map(|l| (l.clone(), l.clone()))
                .collect(),
        }
    }

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Choices::Categories => ("một trong các loại thông báo cố định", "a fixed category"),
            Choices::Severities => ("`khan-cap`, `quan-trong`, `thong-tin`", "severity"),
            Choices::AudiencesAndHamlets => (
                "`id` trong `audiences` hoặc `hamlets` của site.yaml",
                "an id of site.yaml's audiences or hamlets",
            ),
            Choices::Hamlets => ("`id` trong `hamlets` của site.yaml", "a hamlet id"),
            Choices::Languages => (
                "ngôn ngữ trong `languages` của site.yaml",
                "a site language",
            ),
            Choices::OnlineLevels => ("`toan-trinh`, `mot-phan`, `khong`", "online level"),
        }
    }
}

/// Where a form's files are.
#[derive(Debug)]
pub enum Place {
    /// Every `.md` file of this folder under `content/` (`""`: the top of `content/`).
    Folder(&'static str),
    /// One file of the site folder.
    File(&'static str),
}

/// A form: one kind of file.
#[derive(Debug)]
pub struct Form {
    /// Collection name in the CMS.
    pub id: &'static str,
    /// Title: Vietnamese, English.
    pub label: (&'static str, &'static str),
    /// Where its files are.
    pub place: Place,
    /// The fields (for a page: the front matter; the body is the Markdown text after it).
    pub fields: &'static [Field],
    /// The docs page that describes the format in full.
    pub doc: &'static str,
}

const fn f(
    name: &'static str,
    label: (&'static str, &'static str),
    widget: Widget,
    required: bool,
    help: (&'static str, &'static str),
) -> Field {
    Field {
        name,
        label,
        widget,
        required,
        help,
    }
}

const TITLE: Field = f(
    "title",
    ("Tiêu đề", "Title"),
    Widget::Line,
    true,
    ("Ngắn, rõ, như người dân sẽ đọc.", "Short and plain."),
);
const DESCRIPTION: Field = f(
    "description",
    ("Mô tả ngắn", "Summary"),
    Widget::Paragraph,
    false,
    (
        "Một hai câu, hiện trong danh sách và khi chia sẻ.",
        "One or two sentences for lists and link previews.",
    ),
);
const DATE: Field = f(
    "date",
    ("Ngày đăng", "Date"),
    Widget::Date,
    false,
    ("Ngày đăng bài.", "Day of publication."),
);
const UPDATED: Field = f(
    "updated",
    ("Ngày cập nhật", "Updated"),
    Widget::Date,
    false,
    ("Ngày sửa nội dung gần nhất.", "Day of the last change."),
);
const DRAFT: Field = f(
    "draft",
    ("Bản nháp", "Draft"),
    Widget::Bool,
    false,
    (
        "Bật thì chưa đăng; bản nháp được lưu khi chưa điền đủ.",
        "Not published; a draft may be saved unfinished.",
    ),
);
const PUBLISH_AT: Field = f(
    "publish_at",
    ("Hẹn giờ đăng", "Publish at"),
    Widget::Moment,
    false,
    (
        "Chỉ đăng từ thời điểm này (giờ Việt Nam).",
        "Published from this moment on (Vietnam time).",
    ),
);
const LANG: Field = f(
    "lang",
    ("Ngôn ngữ", "Language"),
    Widget::Choice(Choices::Languages),
    false,
    (
        "Bỏ trống: theo thư mục (mặc định tiếng Việt).",
        "Empty: from the folder (Vietnamese by default).",
    ),
);
const AUDIENCES: Field = f(
    "audiences",
    ("Đối tượng, thôn / tổ dân phố", "Audiences, hamlets"),
    Widget::MultiChoice(Choices::AudiencesAndHamlets),
    false,
    (
        "Những ai cần biết; danh sách lấy từ site.yaml.",
        "Who needs to know; from site.yaml.",
    ),
);
const SMS: Field = f(
    "sms",
    ("Tin nhắn SMS", "SMS text"),
    Widget::Paragraph,
    false,
    (
        "Nội dung nhắn tin; chữ không dấu gửi được dài hơn.",
        "The text message; text without diacritics fits more.",
    ),
);
const SMS_LINK: Field = f(
    "sms_link",
    ("Kèm đường dẫn trong SMS", "Link in the SMS"),
    Widget::Bool,
    false,
    ("Mặc định có.", "On by default."),
);
const SMS_SEGMENTS: Field = f(
    "sms_segments",
    ("Số tin SMS tối đa", "Most SMS segments"),
    Widget::Int,
    false,
    ("Mặc định 1.", "Default 1."),
);
const PHONE: Field = f(
    "phone",
    ("Điện thoại", "Phone"),
    Widget::Formatted(Format::Phone),
    false,
    ("Ví dụ 0255 3822 123.", "E.g. 0255 3822 123."),
);

/// Front matter of an ordinary page (`content/**/*.md`).
pub const PAGE: &[Field] = &[
    TITLE,
    DESCRIPTION,
    DATE,
    UPDATED,
    f(
        "weight",
        ("Thứ tự", "Order"),
        Widget::Int,
        false,
        ("Số nhỏ đứng trước.", "Smaller first."),
    ),
    DRAFT,
    PUBLISH_AT,
    LANG,
    f(
        "nav",
        ("Hiện trên thanh menu", "In the menu"),
        Widget::Bool,
        false,
        (
            "Bật để trang có trên menu chính.",
            "Shown in the main menu.",
        ),
    ),
];

/// Front matter of an announcement (`content/thong-bao/`).
pub const ANNOUNCEMENT: &[Field] = &[
    TITLE,
    DESCRIPTION,
    f(
        "date",
        ("Ngày đăng", "Date"),
        Widget::Date,
        true,
        ("Ngày đăng thông báo.", "Day the announcement is posted."),
    ),
    UPDATED,
    f(
        "category",
        ("Loại thông báo", "Category"),
        Widget::Choice(Choices::Categories),
        true,
        ("Chọn loại gần nhất.", "The closest category."),
    ),
    AUDIENCES,
    f(
        "urgent",
        ("Khẩn", "Urgent"),
        Widget::Bool,
        false,
        (
            "Bật: hiện dải thông báo khẩn trên mọi trang đến khi hết hạn.",
            "Shows a banner on every page until it expires.",
        ),
    ),
    f(
        "severity",
        ("Mức độ", "Severity"),
        Widget::Choice(Choices::Severities),
        false,
        (
            "Mặc định: khẩn cấp nếu bật Khẩn, nếu không là thông tin.",
            "Default: khan-cap when urgent, else thong-tin.",
        ),
    ),
    f(
        "expires",
        ("Hết hạn lúc", "Expires"),
        Widget::Moment,
        false,
        (
            "Sau thời điểm này dải khẩn tắt. Bắt buộc khi bật Khẩn.",
            "The banner ends then; required when urgent.",
        ),
    ),
    DRAFT,
    PUBLISH_AT,
    SMS,
    SMS_LINK,
    SMS_SEGMENTS,
    LANG,
];

/// Front matter of an event (`content/su-kien/`).
pub const EVENT: &[Field] = &[
    TITLE,
    DESCRIPTION,
    f(
        "start",
        ("Bắt đầu", "Start"),
        Widget::Moment,
        true,
        ("Ngày giờ bắt đầu.", "When it starts."),
    ),
    f(
        "end",
        ("Kết thúc", "End"),
        Widget::Moment,
        false,
        ("Sau giờ bắt đầu.", "After the start."),
    ),
    f(
        "place",
        ("Địa điểm", "Place"),
        Widget::Line,
        false,
        (
            "Ghi địa điểm hoặc đường dẫn họp trực tuyến.",
            "A place or an online link.",
        ),
    ),
    f(
        "online_url",
        ("Đường dẫn họp trực tuyến", "Online link"),
        Widget::Formatted(Format::WebUrl),
        false,
        ("Bắt đầu bằng https://.", "Starts with https://."),
    ),
    AUDIENCES,
    DATE,
    UPDATED,
    DRAFT,
    PUBLISH_AT,
    SMS,
    SMS_LINK,
    SMS_SEGMENTS,
    LANG,
];

/// Front matter of a document (`content/van-ban/`).
pub const DOCUMENT: &[Field] = &[
    TITLE,
    f(
        "form",
        ("Hình thức văn bản", "Form"),
        Widget::Line,
        true,
        (
            "Ví dụ Quyết định, Kế hoạch, Thông báo.",
            "E.g. Quyết định, Kế hoạch.",
        ),
    ),
    f(
        "issuer",
        ("Cơ quan ban hành", "Issuer"),
        Widget::Line,
        true,
        (
            "Ví dụ Ủy ban nhân dân phường Cẩm Thành.",
            "The issuing body.",
        ),
    ),
    f(
        "number",
        ("Số, ký hiệu", "Number"),
        Widget::Line,
        true,
        ("Ví dụ 125/QĐ-UBND.", "E.g. 125/QĐ-UBND."),
    ),
    f(
        "issued",
        ("Ngày ban hành", "Issued"),
        Widget::Date,
        true,
        ("Ngày ký.", "Day signed."),
    ),
    f(
        "effective",
        ("Ngày hiệu lực", "Effective"),
        Widget::Date,
        false,
        (
            "Bỏ trống nếu có hiệu lực từ ngày ký.",
            "Empty when in force from signing.",
        ),
    ),
    f(
        "summary",
        ("Trích yếu", "Summary"),
        Widget::Paragraph,
        true,
        ("Nội dung chính của văn bản.", "What the document says."),
    ),
    f(
        "file",
        ("Tệp văn bản", "File"),
        Widget::StaticFile,
        false,
        (
            "Tệp PDF tải lên thư mục static/van-ban/.",
            "A PDF in static/van-ban/.",
        ),
    ),
    DATE,
    UPDATED,
    DRAFT,
    PUBLISH_AT,
];

/// One official of `can-bo.yaml`.
pub const OFFICIAL: &[Field] = &[
    f(
        "name",
        ("Họ tên", "Name"),
        Widget::Line,
        true,
        ("Họ và tên đầy đủ.", "Full name."),
    ),
    f(
        "role",
        ("Chức vụ", "Role"),
        Widget::Line,
        true,
        (
            "Ví dụ Chủ tịch UBND phường.",
            "E.g. chair of the committee.",
        ),
    ),
    f(
        "role_en",
        ("Chức vụ (tiếng Anh)", "Role (English)"),
        Widget::Line,
        false,
        ("Cho trang tiếng Anh.", "For the English pages."),
    ),
    f(
        "group",
        ("Nhóm", "Group"),
        Widget::Line,
        false,
        ("Ví dụ Lãnh đạo, Công chức.", "E.g. leadership."),
    ),
    f(
        "phone",
        ("Điện thoại cơ quan", "Office phone"),
        Widget::Formatted(Format::Phone),
        false,
        ("Ví dụ 0255 3822 123.", "E.g. 0255 3822 123."),
    ),
    f(
        "mobile",
        ("Di động", "Mobile"),
        Widget::Formatted(Format::Phone),
        false,
        ("Chỉ đăng khi bật Công khai.", "Published only when public."),
    ),
    f(
        "public",
        ("Công khai số di động", "Mobile is public"),
        Widget::Bool,
        false,
        (
            "Người đó đã đồng ý đăng số di động.",
            "The person agreed to publish it.",
        ),
    ),
    f(
        "email",
        ("Thư điện tử", "E-mail"),
        Widget::Formatted(Format::Email),
        false,
        ("Địa chỉ công vụ.", "Work address."),
    ),
    f(
        "duties",
        ("Nhiệm vụ", "Duties"),
        Widget::Paragraph,
        false,
        ("Lĩnh vực phụ trách.", "What they handle."),
    ),
    f(
        "reception",
        ("Lịch tiếp dân", "Reception"),
        Widget::Line,
        false,
        ("Ví dụ Sáng thứ Năm hằng tuần.", "E.g. Thursday mornings."),
    ),
];

/// `can-bo.yaml`.
pub const OFFICIALS: &[Field] = &[f(
    "officials",
    ("Cán bộ, công chức", "Officials"),
    Widget::Objects(OFFICIAL),
    true,
    ("Theo thứ tự hiện trên trang.", "In page order."),
)];

/// One department of `to-chuc.yaml`.
pub const DEPARTMENT: &[Field] = &[
    f(
        "name",
        ("Tên", "Name"),
        Widget::Line,
        true,
        ("Tên phòng, ban.", "Department name."),
    ),
    f(
        "name_en",
        ("Tên (tiếng Anh)", "Name (English)"),
        Widget::Line,
        false,
        ("Cho trang tiếng Anh.", "For the English pages."),
    ),
    f(
        "head",
        ("Người đứng đầu", "Head"),
        Widget::Line,
        false,
        ("Họ tên.", "Name."),
    ),
    f(
        "duties",
        ("Nhiệm vụ", "Duties"),
        Widget::Paragraph,
        false,
        ("Việc phòng ban làm.", "What it does."),
    ),
    f(
        "duties_en",
        ("Nhiệm vụ (tiếng Anh)", "Duties (English)"),
        Widget::Paragraph,
        false,
        ("Cho trang tiếng Anh.", "For the English pages."),
    ),
    PHONE,
];

/// `to-chuc.yaml`.
pub const ORGANISATION: &[Field] = &[
    f(
        "functions",
        ("Chức năng, nhiệm vụ", "Functions"),
        Widget::Lines,
        true,
        ("Mỗi dòng một ý.", "One per line."),
    ),
    f(
        "functions_en",
        ("Chức năng (tiếng Anh)", "Functions (English)"),
        Widget::Lines,
        false,
        ("Cho trang tiếng Anh.", "For the English pages."),
    ),
    f(
        "departments",
        ("Phòng, ban", "Departments"),
        Widget::Objects(DEPARTMENT),
        false,
        ("Theo thứ tự hiện trên trang.", "In page order."),
    ),
];

/// One member of `to-cong-nghe-so.yaml`.
pub const MEMBER: &[Field] = &[
    f(
        "name",
        ("Họ tên", "Name"),
        Widget::Line,
        true,
        ("Họ và tên.", "Full name."),
    ),
    f(
        "hamlet",
        ("Thôn / tổ dân phố", "Hamlet"),
        Widget::Choice(Choices::Hamlets),
        true,
        ("Lấy từ hamlets của site.yaml.", "From site.yaml's hamlets."),
    ),
    f(
        "role",
        ("Vai trò", "Role"),
        Widget::Line,
        false,
        ("Ví dụ Tổ trưởng.", "E.g. team leader."),
    ),
    PHONE,
    f(
        "public",
        ("Công khai số điện thoại", "Phone is public"),
        Widget::Bool,
        false,
        (
            "Người đó đã đồng ý đăng số.",
            "The person agreed to publish it.",
        ),
    ),
];

/// `to-cong-nghe-so.yaml`.
pub const DIGITAL_TEAM: &[Field] = &[
    DESCRIPTION,
    f(
        "help",
        ("Tổ hỗ trợ việc gì", "Help offered"),
        Widget::Lines,
        false,
        ("Mỗi dòng một việc.", "One per line."),
    ),
    f(
        "members",
        ("Thành viên", "Members"),
        Widget::Objects(MEMBER),
        true,
        ("Theo thôn, tổ dân phố.", "By hamlet."),
    ),
];

/// The official in charge of a procedure.
pub const PROCEDURE_OFFICIAL: &[Field] = &[
    f(
        "name",
        ("Họ tên", "Name"),
        Widget::Line,
        true,
        ("Họ và tên.", "Full name."),
    ),
    f(
        "role",
        ("Chức vụ", "Role"),
        Widget::Line,
        true,
        (
            "Ví dụ Công chức Tư pháp – Hộ tịch.",
            "E.g. civil-status officer.",
        ),
    ),
    PHONE,
];

/// Local facts of a procedure (`defaults` and each `local` entry).
pub const LOCAL: &[Field] = &[
    f(
        "fees",
        ("Mức thu của tỉnh", "Provincial fees"),
        Widget::KeyedInt("id", "amount"),
        false,
        (
            "Mã khoản phí (ví dụ le-phi) và số đồng, viết liền: 8000.",
            "Fee id and amount in đồng.",
        ),
    ),
    f(
        "fee_basis",
        ("Văn bản quy định mức thu", "Fee resolution"),
        Widget::Line,
        false,
        (
            "Ví dụ Nghị quyết 12/2025/NQ-HĐND.",
            "E.g. the provincial resolution.",
        ),
    ),
    f(
        "place",
        ("Nơi nộp, quầy", "Counter"),
        Widget::Line,
        false,
        ("Phòng, quầy nhận hồ sơ.", "Room or counter."),
    ),
    f(
        "hours",
        ("Giờ nhận hồ sơ", "Hours"),
        Widget::Line,
        false,
        (
            "Chỉ khi khác giờ làm việc chung.",
            "Only when different from office hours.",
        ),
    ),
    f(
        "official",
        ("Cán bộ phụ trách", "Official in charge"),
        Widget::Object(PROCEDURE_OFFICIAL),
        false,
        ("Người nhận, giải quyết hồ sơ.", "Who handles it."),
    ),
    f(
        "online",
        ("Mức trực tuyến", "Online level"),
        Widget::Choice(Choices::OnlineLevels),
        false,
        (
            "Theo danh mục tỉnh đã công bố.",
            "As the province published.",
        ),
    ),
    f(
        "note",
        ("Ghi chú", "Note"),
        Widget::Paragraph,
        false,
        ("Hiện ở đầu trang thủ tục.", "Shown at the top of the page."),
    ),
];

/// `procedures.yaml`.
pub const OVERRIDES: &[Field] = &[
    f(
        "only",
        ("Chỉ đăng các mã", "Only these codes"),
        Widget::Lines,
        false,
        (
            "Bỏ trống: đăng mọi thủ tục của danh mục.",
            "Empty: every catalog procedure.",
        ),
    ),
    f(
        "hide",
        ("Ẩn các mã", "Hide these codes"),
        Widget::Lines,
        false,
        ("Mã thủ tục, ví dụ 1.001193.", "Procedure codes."),
    ),
    f(
        "defaults",
        ("Thông tin chung cho mọi thủ tục", "Defaults"),
        Widget::Object(LOCAL),
        false,
        (
            "Dùng khi thủ tục không ghi riêng.",
            "Used where a procedure sets nothing.",
        ),
    ),
    f(
        "local",
        ("Thông tin riêng từng thủ tục", "Per procedure"),
        Widget::Keyed("code", LOCAL),
        false,
        (
            "Mỗi mục một mã thủ tục, ví dụ 1.001193.",
            "One entry per procedure code.",
        ),
    ),
];

const VOCAB: &[Field] = &[
    f(
        "id",
        ("Mã", "Id"),
        Widget::Line,
        true,
        (
            "Chữ thường không dấu, gạch ngang: to-dan-pho-1.",
            "Lowercase, hyphens.",
        ),
    ),
    f(
        "name",
        ("Tên", "Name"),
        Widget::Line,
        true,
        ("Tên người dân đọc.", "The name residents read."),
    ),
];

const MAP: &[Field] = &[
    f(
        "lat",
        ("Vĩ độ", "Latitude"),
        Widget::Decimal,
        true,
        ("Ví dụ 15.1205.", "Degrees north."),
    ),
    f(
        "lon",
        ("Kinh độ", "Longitude"),
        Widget::Decimal,
        true,
        ("Ví dụ 108.8044.", "Degrees east."),
    ),
];

const OFFICE_HOURS: &[Field] = &[
    f(
        "days",
        ("Ngày", "Days"),
        Widget::Line,
        true,
        ("Ví dụ Thứ Hai – Thứ Sáu.", "E.g. Monday – Friday."),
    ),
    f(
        "hours",
        ("Giờ", "Hours"),
        Widget::Line,
        true,
        ("Ví dụ 7:00 – 11:30, 13:30 – 17:00.", "Opening hours."),
    ),
];

const FEEDBACK: &[Field] = &[
    f(
        "hotline",
        ("Điện thoại phản ánh", "Feedback phone"),
        Widget::Formatted(Format::Phone),
        false,
        ("Mặc định: đường dây nóng.", "Default: the hotline."),
    ),
    f(
        "email",
        ("Thư điện tử phản ánh", "Feedback e-mail"),
        Widget::Formatted(Format::Email),
        false,
        (
            "Mặc định: thư điện tử của xã.",
            "Default: the site's e-mail.",
        ),
    ),
    f(
        "zalo",
        ("Zalo phản ánh", "Feedback Zalo"),
        Widget::Formatted(Format::WebUrl),
        false,
        ("Mặc định: Zalo OA.", "Default: the Zalo OA."),
    ),
    f(
        "national_portal",
        ("Dẫn tới Cổng phản ánh quốc gia", "Link the national portal"),
        Widget::Bool,
        false,
        ("Mặc định có.", "On by default."),
    ),
    f(
        "mailbox",
        ("Hòm thư góp ý", "Mailbox"),
        Widget::Line,
        false,
        ("Đặt ở đâu.", "Where it is."),
    ),
    f(
        "reception",
        ("Lịch tiếp công dân", "Reception"),
        Widget::Line,
        false,
        ("Ví dụ Thứ Năm hằng tuần.", "E.g. every Thursday."),
    ),
];

const LOCKED: (&str, &str) = (
    "Ghi khi lập trang; sửa trong tệp site.yaml cùng cán bộ tỉnh.",
    "Set when the site is created; change it in site.yaml with provincial IT.",
);

/// `site.yaml`: identity and publishing keys are [`Widget::Locked`].
pub const SITE: &[Field] = &[
    f("code", ("Mã đơn vị", "Code"), Widget::Locked, true, LOCKED),
    f("name", ("Tên đơn vị", "Name"), Widget::Locked, true, LOCKED),
    f(
        "type",
        ("Loại đơn vị", "Type"),
        Widget::Locked,
        true,
        LOCKED,
    ),
    f(
        "province",
        ("Tỉnh", "Province"),
        Widget::Locked,
        true,
        LOCKED,
    ),
    f(
        "address",
        ("Địa chỉ trụ sở", "Address"),
        Widget::Line,
        true,
        ("Số nhà, đường, xã/phường, tỉnh.", "Street address."),
    ),
    f(
        "map",
        ("Tọa độ bản đồ", "Map"),
        Widget::Object(MAP),
        false,
        ("Vị trí trụ sở.", "Where the office is."),
    ),
    f(
        "office_hours",
        ("Giờ làm việc", "Office hours"),
        Widget::Objects(OFFICE_HOURS),
        false,
        ("Mỗi dòng một nhóm ngày.", "One line per group of days."),
    ),
    f(
        "hotline",
        ("Đường dây nóng", "Hotline"),
        Widget::Formatted(Format::Phone),
        false,
        ("Số trực của Ủy ban nhân dân.", "The committee's number."),
    ),
    f(
        "email",
        ("Thư điện tử", "E-mail"),
        Widget::Formatted(Format::Email),
        false,
        ("Địa chỉ của cơ quan.", "Office address."),
    ),
    f(
        "zalo_oa",
        ("Zalo OA", "Zalo OA"),
        Widget::Formatted(Format::WebUrl),
        false,
        (
            "Đường dẫn https://zalo.me/….",
            "The https://zalo.me/… link.",
        ),
    ),
    f(
        "province_portal",
        ("Cổng dịch vụ công tỉnh", "Provincial portal"),
        Widget::Formatted(Format::WebUrl),
        false,
        ("Đường dẫn https://….", "An https:// link."),
    ),
    f(
        "dvc_ward_id",
        ("Mã xã trên Cổng DVC quốc gia", "Portal ward id"),
        Widget::Locked,
        false,
        LOCKED,
    ),
    f(
        "base_url",
        ("Địa chỉ trang", "Base URL"),
        Widget::Locked,
        true,
        LOCKED,
    ),
    f(
        "theme",
        ("Giao diện", "Theme"),
        Widget::Locked,
        false,
        LOCKED,
    ),
    f(
        "languages",
        ("Ngôn ngữ", "Languages"),
        Widget::Locked,
        false,
        LOCKED,
    ),
    f(
        "description",
        ("Giới thiệu ngắn", "Description"),
        Widget::Paragraph,
        false,
        (
            "Hiện khi chia sẻ và trên máy tìm kiếm.",
            "For search engines and link previews.",
        ),
    ),
    f(
        "feedback",
        ("Phản ánh, kiến nghị", "Feedback"),
        Widget::Object(FEEDBACK),
        false,
        (
            "Các cách người dân gửi phản ánh.",
            "How residents send feedback.",
        ),
    ),
    f(
        "audiences",
        ("Đối tượng", "Audiences"),
        Widget::Objects(VOCAB),
        false,
        (
            "Nhóm người nhận thông báo.",
            "Groups announcements are for.",
        ),
    ),
    f(
        "hamlets",
        ("Thôn, tổ dân phố", "Hamlets"),
        Widget::Objects(VOCAB),
        false,
        (
            "Danh sách thôn, tổ dân phố, ấp, bản.",
            "Hamlets and residential groups.",
        ),
    ),
    f(
        "procedure_max_age_days",
        (
            "Cảnh báo thủ tục cũ sau (ngày)",
            "Procedure age warning (days)",
        ),
        Widget::Int,
        false,
        ("Mặc định 365.", "Default 365."),
    ),
    f(
        "former_slugs",
        ("Tên thư mục cũ", "Former folder names"),
        Widget::Locked,
        false,
        LOCKED,
    ),
    f(
        "demo",
        ("Trang minh họa", "Demo"),
        Widget::Locked,
        false,
        LOCKED,
    ),
    f(
        "draft",
        ("Chưa đăng", "Draft"),
        Widget::Bool,
        false,
        (
            "Giữ bật đến khi điền đủ thông tin liên hệ thật.",
            "Keep on until the real contacts are in.",
        ),
    ),
];

/// Every form a clerk edits.
pub const FORMS: &[Form] = &[
    Form {
        id: "thong-bao",
        label: ("Thông báo", "Announcements"),
        place: Place::Folder(crate::items::ANNOUNCEMENTS),
        fields: ANNOUNCEMENT,
        doc: "docs/announcement-format.md",
    },
    Form {
        id: "su-kien",
        label: ("Sự kiện, họp trực tuyến", "Events"),
        place: Place::Folder(crate::items::EVENTS),
        fields: EVENT,
        doc: "docs/event-format.md",
    },
    Form {
        id: "van-ban",
        label: ("Văn bản", "Documents"),
        place: Place::Folder(crate::items::DOCUMENTS),
        fields: DOCUMENT,
        doc: "docs/document-format.md",
    },
    Form {
        id: "trang",
        label: ("Trang", "Pages"),
        place: Place::Folder(""),
        fields: PAGE,
        doc: "docs/page-format.md",
    },
    Form {
        id: "can-bo",
        label: ("Cán bộ", "Officials"),
        place: Place::File("can-bo.yaml"),
        fields: OFFICIALS,
        doc: "docs/people-format.md",
    },
    Form {
        id: "to-chuc",
        label: ("Cơ cấu tổ chức", "Organisation"),
        place: Place::File("to-chuc.yaml"),
        fields: ORGANISATION,
        doc: "docs/people-format.md",
    },
    Form {
        id: "to-cong-nghe-so",
        label: ("Tổ công nghệ số", "Digital-tech team"),
        place: Place::File("to-cong-nghe-so.yaml"),
        fields: DIGITAL_TEAM,
        doc: "docs/people-format.md",
    },
    Form {
        id: "thu-tuc",
        label: ("Thủ tục: thông tin riêng", "Procedure overrides"),
        place: Place::File("procedures.yaml"),
        fields: OVERRIDES,
        doc: "docs/procedure-overrides.md",
    },
    Form {
        id: "thong-tin-xa",
        label: ("Thông tin xã, phường", "Site"),
        place: Place::File("site.yaml"),
        fields: SITE,
        doc: "docs/site-yaml.md",
    },
];

/// The addresses the CMS page talks to, chosen by `serve --edit`.
#[derive(Debug, Clone, Copy)]
pub struct EditUrls<'a> {
    /// The local backend's API (Decap's `proxy_url`), absolute or relative to `/admin/`.
    pub api: &'a str,
    /// Where the site's preview is served, ending in `/` (Decap's `site_url`).
    pub preview: &'a str,
}

/// Where the media library keeps photos, in the site folder; published at [`MEDIA_URL`].
pub const MEDIA_DIR: &str = "static/anh";
/// The URL of [`MEDIA_DIR`] on the site, what the media library writes into pages (`/anh/x.jpg`).
pub const MEDIA_URL: &str = "/anh";

/// How Decap's date-time picker writes a moment (dayjs tokens): the clerk types the commune's
/// clock, and the offset is written as the literal `+07:00` (Vietnam has one zone and no
/// daylight saving). With `Z` the picker would write the browser's own offset, so a computer
/// set to another zone would move every time it saves.
pub const MOMENT_FORMAT: &str = "YYYY-MM-DDTHH:mm:ss[+07:00]";

/// The Decap CMS `config.yml` for `site`. Paths are relative to the project root (the folder
/// the local backend serves); pages in sub-folders of `content/` get one collection each.
pub fn decap_config(site: &SiteConfig, urls: &EditUrls<'_>) -> String {
    let dir = site.rel_dir.to_string_lossy().replace('\\', "/");
    let mut y = Yaml::default();
    y.line(0, "# Tạo bởi congxa từ các mẫu dữ liệu; không sửa tay.");
    y.key(0, "backend");
    y.kv(2, "name", "proxy");
    y.kv(2, "proxy_url", urls.api);
    y.kv(2, "branch", "main");
    if urls.api.starts_with("http://") || urls.api.starts_with("https://") {
        // Decap only takes an absolute `local_backend.url`; a relative API is the proxy itself.
        y.key(0, "local_backend");
        y.kv(2, "url", urls.api);
    }
    y.kv(0, "locale", "vi");
    y.kv(0, "site_url", urls.preview);
    y.kv(0, "display_url", urls.preview);
    y.kv(0, "media_folder", &format!("{dir}/{MEDIA_DIR}"));
    y.kv(0, "public_folder", MEDIA_URL);
    // File names of new entries as the project writes them: ASCII slugs without diacritics.
    y.key(0, "slug");
    y.kv(2, "encoding", "ascii");
    y.raw(2, "clean_accents", "true");
    y.kv(2, "sanitize_replacement", "-");
    y.key(0, "collections");
    let page_dirs = page_folders(site);
    for form in FORMS {
        match form.place {
            Place::Folder("") => {
                folder_collection(&mut y, site, &dir, form, "", (form.id, form.label.0));
                for sub in &page_dirs {
                    let id = format!("{}-{}", form.id, sub.replace('/', "-"));
                    let label = format!("{}: {sub}", form.label.0);
                    folder_collection(&mut y, site, &dir, form, sub, (&id, &label));
                }
                section_pages(&mut y, site, &dir, form);
            }
            Place::Folder(sub) => {
                folder_collection(&mut y, site, &dir, form, sub, (form.id, form.label.0));
            }
            Place::File(file) => {
                y.kv(2, "- name", form.id);
                y.kv(4, "label", form.label.0);
                y.key(4, "files");
                y.kv(6, "- name", form.id);
                y.kv(8, "label", form.label.0);
                y.kv(8, "file", &format!("{dir}/{file}"));
                y.key(8, "fields");
                fields(&mut y, site, &dir, 10, form.fields);
            }
        }
    }
    y.out
}

/// The `_index.md` of the typed folders are plain pages (the section's heading and text), not
/// announcements, events or documents: one files collection with the page form. (The backend
/// leaves them out of the typed folders' listings.)
fn section_pages(y: &mut Yaml, site: &SiteConfig, dir: &str, form: &Form) {
    let typed = [
        crate::items::ANNOUNCEMENTS,
        crate::items::EVENTS,
        crate::items::DOCUMENTS,
    ];
    let present: Vec<&str> = typed
        .into_iter()
        .filter(|t| site.dir.join("content").join(t).join("_index.md").is_file())
        .collect();
    if present.is_empty() {
        return;
    }
    y.kv(2, "- name", &format!("{}-muc", form.id));
    y.kv(4, "label", "Trang mục");
    y.key(4, "files");
    for t in present {
        y.kv(6, "- name", t);
        y.kv(8, "label", &format!("Trang mục {t}"));
        y.kv(8, "file", &format!("{dir}/content/{t}/_index.md"));
        y.kv(8, "preview_path", &format!("{t}/"));
        y.key(8, "fields");
        fields(y, site, dir, 10, form.fields);
        y.kv(10, "- name", "body");
        y.kv(12, "label", "Nội dung");
        y.kv(12, "widget", "markdown");
        y.raw(12, "required", "false");
    }
}

/// Sub-folders of `content/` holding plain pages (not the typed folders), sorted.
fn page_folders(site: &SiteConfig) -> Vec<String> {
    let typed = [
        crate::items::ANNOUNCEMENTS,
        crate::items::EVENTS,
        crate::items::DOCUMENTS,
    ];
    let mut out: Vec<String> = std::fs::read_dir(site.dir.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| !typed.contains(&n.as_str()) && !n.starts_with('.'))
        .collect();
    out.sort();
    out
}

fn folder_collection(
    y: &mut Yaml,
    site: &SiteConfig,
    dir: &str,
    form: &Form,
    sub: &str,
    (id, label): (&str, &str),
) {
    let folder = if sub.is_empty() {
        format!("{dir}/content")
    } else {
        format!("{dir}/content/{sub}")
    };
    y.kv(2, "- name", id);
    y.kv(4, "label", label);
    y.kv(4, "folder", &folder);
    y.raw(4, "create", "true");
    y.kv(4, "extension", "md");
    y.kv(4, "format", "frontmatter");
    y.kv(4, "slug", "{{slug}}");
    let prefix = if sub.is_empty() {
        String::new()
    } else {
        format!("{sub}/")
    };
    y.kv(4, "preview_path", &format!("{prefix}{{{{filename}}}}/"));
    y.key(4, "fields");
    fields(y, site, dir, 6, form.fields);
    y.kv(6, "- name", "body");
    y.kv(8, "label", "Nội dung");
    y.kv(8, "widget", "markdown");
    y.raw(8, "required", "false");
}

fn fields(y: &mut Yaml, site: &SiteConfig, dir: &str, ind: usize, list: &[Field]) {
    for field in list {
        y.kv(ind, "- name", field.name);
        field_body(y, site, dir, ind + 2, field);
    }
}

fn field_body(y: &mut Yaml, site: &SiteConfig, dir: &str, ind: usize, field: &Field) {
    y.kv(ind, "label", field.label.0);
    if !matches!(field.widget, Widget::Locked) {
        y.kv(ind, "hint", field.help.0);
    }
    if !field.required {
        y.raw(ind, "required", "false");
    }
    match &field.widget {
        Widget::Line => y.kv(ind, "widget", "string"),
        Widget::Paragraph => y.kv(ind, "widget", "text"),
        Widget::Formatted(fmt) => {
            y.kv(ind, "widget", "string");
            let (re, why) = fmt.pattern();
            y.raw(ind, "pattern", &format!("[{}, {}]", quote(re), quote(why)));
        }
        // No `default`: Decap would then write `false` into every new file.
        Widget::Bool => y.kv(ind, "widget", "boolean"),
        Widget::Int => {
            y.kv(ind, "widget", "number");
            y.kv(ind, "value_type", "int");
        }
        Widget::Decimal => {
            y.kv(ind, "widget", "number");
            y.kv(ind, "value_type", "float");
        }
        Widget::Date => {
            y.kv(ind, "widget", "datetime");
            y.kv(ind, "format", "YYYY-MM-DD");
            y.kv(ind, "date_format", "DD/MM/YYYY");
            y.raw(ind, "time_format", "false");
        }
        Widget::Moment => {
            y.kv(ind, "widget", "datetime");
            y.kv(ind, "format", MOMENT_FORMAT);
            y.kv(ind, "date_format", "DD/MM/YYYY");
            y.kv(ind, "time_format", "HH:mm");
        }
        Widget::Choice(c) | Widget::MultiChoice(c) if c.options(site).is_empty() => {
            // Decap refuses a select without options: a site with no hamlets yet.
            let multi = matches!(field.widget, Widget::MultiChoice(_));
            y.kv(ind, "widget", if multi { "list" } else { "string" });
        }
        Widget::Choice(c) | Widget::MultiChoice(c) => {
            y.kv(ind, "widget", "select");
            if matches!(field.widget, Widget::MultiChoice(_)) {
                y.raw(ind, "multiple", "true");
            }
            y.key(ind, "options");
            for (value, label) in c.options(site) {
                y.kv(ind + 2, "- label", &label);
                y.kv(ind + 4, "value", &value);
            }
        }
        Widget::Lines => y.kv(ind, "widget", "list"),
        Widget::StaticFile => {
            y.kv(ind, "widget", "file");
            y.kv(ind, "media_folder", &format!("/{dir}/static/van-ban"));
            y.kv(ind, "public_folder", "van-ban");
        }
        Widget::Object(sub) => {
            y.kv(ind, "widget", "object");
            y.raw(ind, "collapsed", "true");
            y.key(ind, "fields");
            fields(y, site, dir, ind + 2, sub);
        }
        Widget::Objects(sub) => {
            y.kv(ind, "widget", "list");
            if let Some(first) = sub.first() {
                y.kv(ind, "summary", &format!("{{{{fields.{}}}}}", first.name));
            }
            y.key(ind, "fields");
            fields(y, site, dir, ind + 2, sub);
        }
        Widget::Keyed(id, sub) => {
            y.kv(ind, "widget", "list");
            y.kv(ind, "summary", &format!("{{{{fields.{id}}}}}"));
            y.key(ind, "fields");
            y.kv(ind + 2, "- name", id);
            y.kv(ind + 4, "label", "Mã");
            y.kv(ind + 4, "widget", "string");
            fields(y, site, dir, ind + 2, sub);
        }
        Widget::KeyedInt(id, amount) => {
            y.kv(ind, "widget", "list");
            y.key(ind, "fields");
            y.kv(ind + 2, "- name", id);
            y.kv(ind + 4, "label", "Mã");
            y.kv(ind + 4, "widget", "string");
            y.kv(ind + 2, "- name", amount);
            y.kv(ind + 4, "label", "Số đồng");
            y.kv(ind + 4, "widget", "number");
            y.kv(ind + 4, "value_type", "int");
        }
        Widget::Locked => y.kv(ind, "widget", "hidden"),
    }
}

/// A double-quoted YAML (and JSON) string.
fn quote(s: &str) -> String {
    super::merge::double_quoted(s)
}

/// A small block-YAML writer: every string double-quoted.
#[derive(Default)]
struct Yaml {
    out: String,
}

impl Yaml {
    fn line(&mut self, ind: usize, text: &str) {
        let _ = writeln!(self.out, "{:ind$}{text}", "");
    }
    fn key(&mut self, ind: usize, key: &str) {
        self.line(ind, &format!("{key}:"));
    }
    fn kv(&mut self, ind: usize, key: &str, value: &str) {
        self.line(ind, &format!("{key}: {}", quote(value)));
    }
    fn raw(&mut self, ind: usize, key: &str, value: &str) {
        self.line(ind, &format!("{key}: {value}"));
    }
}

/// `docs/bieu-mau.md`: the field tables of every form, generated from [`FORMS`].
pub fn docs_markdown() -> String {
    let mut out = String::from(
        "# Các biểu mẫu nhập liệu\n\n\
         *English summary.* The fields of every form of the browser editor (`congxa serve --edit`), \
         generated from the same table as the forms and checked by the tests: each key, its input, \
         whether it is required, and its help text. Each form edits one file format, described in \
         full in the page linked under its title.\n\n\
         Trang này được tạo tự động từ bảng trường dữ liệu của congxa (`src/edit/forms.rs`); \
         không sửa tay. Mỗi biểu mẫu sửa một loại tệp; cách viết đầy đủ ở trang được dẫn dưới tên \
         biểu mẫu. Khóa đánh dấu **bắt buộc** phải có thì mới lưu được (trừ bản nháp).\n",
    );
    for form in FORMS {
        let place = match form.place {
            Place::Folder("") => "sites/<thư-mục>/content/*.md".to_owned(),
            Place::Folder(sub) => format!("sites/<thư-mục>/content/{sub}/*.md"),
            Place::File(file) => format!("sites/<thư-mục>/{file}"),
        };
        let _ = write!(
            out,
            "\n## {} ({})\n\nTệp: `{place}`. Cách viết: [{}]({}).\n",
            form.label.0,
            form.label.1,
            form.doc.trim_start_matches("docs/"),
            form.doc.trim_start_matches("docs/")
        );
        table(&mut out, form.fields, "");
    }
    out
}

fn table(out: &mut String, list: &[Field], prefix: &str) {
    out.push_str("\n| Khóa | Ô nhập | Bắt buộc | Hướng dẫn |\n|---|---|---|---|\n");
    let mut nested = Vec::new();
    for field in list {
        let _ = writeln!(
            out,
            "| `{prefix}{}` | {} | {} | {} |",
            field.name,
            widget_name(&field.widget),
            if field.required { "bắt buộc" } else { "" },
            field.help.0
        );
        match &field.widget {
            Widget::Object(sub) | Widget::Objects(sub) | Widget::Keyed(_, sub) => {
                nested.push((field.name, *sub));
            }
            _ => {}
        }
    }
    for (name, sub) in nested {
        let _ = writeln!(out, "\nTrong `{prefix}{name}`:");
        table(out, sub, &format!("{prefix}{name}."));
    }
}

fn widget_name(w: &Widget) -> String {
    match w {
        Widget::Line => "một dòng chữ".into(),
        Widget::Paragraph => "đoạn văn".into(),
        Widget::Formatted(Format::Phone) => "số điện thoại".into(),
        Widget::Formatted(Format::Email) => "thư điện tử".into(),
        Widget::Formatted(Format::WebUrl) => "đường dẫn https://".into(),
        Widget::Bool => "có / không".into(),
        Widget::Int => "số nguyên".into(),
        Widget::Decimal => "số thập phân".into(),
        Widget::Date => "ngày (YYYY-MM-DD)".into(),
        Widget::Moment => "ngày giờ (YYYY-MM-DDTHH:MM:SS+07:00)".into(),
        Widget::Choice(c) => format!("chọn một: {}", c.describe().0),
        Widget::MultiChoice(c) => format!("chọn nhiều: {}", c.describe().0),
        Widget::Lines => "danh sách dòng chữ".into(),
        Widget::StaticFile => "tệp tải lên (static/)".into(),
        Widget::Object(_) => "nhóm".into(),
        Widget::Objects(_) => "danh sách nhóm".into(),
        Widget::Keyed(id, _) => format!("danh sách theo `{id}`"),
        Widget::KeyedInt(id, amount) => format!("danh sách `{id}` → `{amount}`"),
        Widget::Locked => "không sửa qua biểu mẫu".into(),
    }
}

/// The form of a file of the site folder, by its path (`procedures.yaml`,
/// `sites/<folder>/can-bo.yaml`, …); `None` for pages and files no form edits as a whole.
pub fn file_form(path: &str) -> Option<&'static Form> {
    let name = path.rsplit(['/', '\\']).next()?;
    FORMS
        .iter()
        .find(|f| matches!(f.place, Place::File(file) if file == name))
}

/// The text the CMS is given for the file at `path`: the file itself, except that maps keyed by
/// an id are lists ([`keyed`]).
pub fn to_cms(path: &str, text: &str) -> Result<String, crate::edit::merge::MergeError> {
    match file_form(path).map(keyed) {
        Some(k) if !k.is_empty() => crate::edit::merge::keyed_to_lists(text, &k),
        _ => Ok(text.to_owned()),
    }
}

/// What to write when the CMS saves `sent` for the file at `path` whose text is `old`: its
/// lists turned back into maps ([`to_cms`]'s reverse), merged into the old text
/// (Markdown or YAML by the extension).
pub fn from_cms(
    path: &str,
    old: &str,
    sent: &str,
) -> Result<String, crate::edit::merge::MergeError> {
    use crate::edit::merge;
    if path.ends_with(".md") {
        return merge::merge_markdown(old, sent);
    }
    match file_form(path).map(keyed) {
        Some(k) if !k.is_empty() => merge::merge_yaml(old, &merge::lists_to_keyed(sent, &k)?),
        _ => merge::merge_yaml(old, sent),
    }
}

/// The maps of `form`'s file that the CMS edits as lists, for
/// [`crate::edit::merge::keyed_to_lists`] (reading) and [`crate::edit::merge::lists_to_keyed`]
/// (saving).
pub fn keyed(form: &Form) -> Vec<crate::edit::merge::Keyed> {
    let mut out = Vec::new();
    keyed_in(form.fields, &mut Vec::new(), &mut out);
    out
}

fn keyed_in(
    list: &'static [Field],
    path: &mut Vec<&'static str>,
    out: &mut Vec<crate::edit::merge::Keyed>,
) {
    use crate::edit::merge::Keyed;
    for field in list {
        path.push(field.name);
        match &field.widget {
            Widget::Keyed(id, sub) => {
                out.push(Keyed {
                    path: path.clone(),
                    id,
                    value: None,
                });
                path.push("*");
                keyed_in(sub, path, out);
                path.pop();
            }
            Widget::KeyedInt(id, amount) => {
                out.push(Keyed {
                    path: path.clone(),
                    id,
                    value: Some(amount),
                });
            }
            Widget::Object(sub) => keyed_in(sub, path, out),
            _ => {}
        }
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde::de::DeserializeOwned;

    use super::*;
    use crate::{config, items, people, procedures::schema as proc};

    type Parse = fn(&str) -> Result<(), crate::diag::Diagnostic>;

    /// Each table of fields and the schema struct it edits: `parse::<T>` of a text.
    fn pairs() -> Vec<(&'static str, &'static [Field], Parse)> {
        fn p<T: DeserializeOwned>(text: &str) -> Result<(), crate::diag::Diagnostic> {
            crate::yaml::parse::<T>(text, Path::new("t.yaml"), 1).map(|_| ())
        }
        vec![
            ("page", PAGE, p::<crate::front::FrontMatter>),
            ("announcement", ANNOUNCEMENT, p::<items::AnnouncementFront>),
            ("event", EVENT, p::<items::EventFront>),
            ("document", DOCUMENT, p::<items::DocumentFront>),
            ("can-bo", OFFICIALS, p::<people::OfficialsFile>),
            ("official", OFFICIAL, p::<people::OfficialFile>),
            ("to-chuc", ORGANISATION, p::<people::OrganisationFile>),
            ("department", DEPARTMENT, p::<people::DepartmentFile>),
            (
                "to-cong-nghe-so",
                DIGITAL_TEAM,
                p::<people::DigitalTeamFile>,
            ),
            ("member", MEMBER, p::<people::MemberFile>),
            ("procedures", OVERRIDES, p::<proc::OverridesFile>),
            ("local", LOCAL, p::<proc::LocalFile>),
            (
                "procedure official",
                PROCEDURE_OFFICIAL,
                p::<proc::OfficialFile>,
            ),
            ("site", SITE, p::<config::SiteFile>),
            ("map", MAP, p::<config::MapFile>),
            ("office hours", OFFICE_HOURS, p::<config::OfficeHoursFile>),
            ("feedback", FEEDBACK, p::<config::FeedbackFile>),
            ("vocab", VOCAB, p::<config::VocabFile>),
        ]
    }

    /// The keys a schema struct accepts, as serde's derive lists them when it refuses an
    /// unknown key (the struct's own field list, so a new field shows up here at once).
    fn schema_keys(parse: Parse) -> Vec<String> {
        let e = parse("zzqxw_no_such_key_qq: 1\n").unwrap_err();
        let hint = e.hint.expect("unknown key hint").en;
        let list = hint
            .split("Keys allowed here: ")
            .nth(1)
            .unwrap_or_else(|| panic!("key list in {hint}"));
        let mut keys: Vec<String> = list
            .trim_end_matches('.')
            .split(", ")
            .map(str::to_owned)
            .collect();
        keys.sort();
        keys
    }

    #[test]
    fn every_schema_key_has_a_form_field_and_every_form_field_is_a_schema_key() {
        for (name, fields, parse) in pairs() {
            let mut form: Vec<String> = fields.iter().map(|f| f.name.to_owned()).collect();
            form.sort();
            assert_eq!(form, schema_keys(parse), "form `{name}` against its schema");
        }
    }

    #[test]
    fn every_table_of_nested_fields_is_checked_against_a_schema() {
        fn walk(list: &'static [Field], out: &mut Vec<&'static [Field]>) {
            out.push(list);
            for f in list {
                if let Widget::Object(s) | Widget::Objects(s) | Widget::Keyed(_, s) = f.widget {
                    walk(s, out);
                }
            }
        }
        let checked: Vec<*const Field> = pairs().iter().map(|(_, f, _)| f.as_ptr()).collect();
        let mut all = Vec::new();
        for form in FORMS {
            walk(form.fields, &mut all);
        }
        for list in all {
            assert!(
                checked.contains(&list.as_ptr()),
                "the table starting with `{}` has no schema pair in this test",
                list[0].name
            );
        }
    }

    /// A value of the right type for `field`, as flow YAML.
    fn sample(field: &Field) -> String {
        match &field.widget {
            Widget::Bool => "true".into(),
            Widget::Int => "1".into(),
            Widget::Decimal => "1.5".into(),
            Widget::Lines | Widget::MultiChoice(_) | Widget::Objects(_) => "[]".into(),
            Widget::Keyed(..) | Widget::KeyedInt(..) => "{}".into(),
            Widget::Object(sub) => format!("{{{}}}", required_doc(sub, None, ", ")),
            _ => "\"2026-01-02\"".into(),
        }
    }

    fn required_doc(fields: &[Field], without: Option<&str>, sep: &str) -> String {
        fields
            .iter()
            .filter(|f| f.required && Some(f.name) != without)
            .map(|f| format!("{}: {}", f.name, sample(f)))
            .collect::<Vec<_>>()
            .join(sep)
    }

    #[test]
    fn a_form_field_is_required_exactly_when_the_schema_refuses_a_file_without_it() {
        for (name, fields, parse) in pairs() {
            let all = required_doc(fields, None, "\n");
            if let Err(e) = parse(&all) {
                panic!(
                    "`{name}`: the required fields alone are refused: {}",
                    e.message.en
                );
            }
            for f in fields.iter().filter(|f| f.required) {
                let e = parse(&required_doc(fields, Some(f.name), "\n")).expect_err(&format!(
                    "`{name}.{}` is required in the form, not in the schema",
                    f.name
                ));
                assert_eq!(
                    e.message.en,
                    format!("missing required key `{}`", f.name),
                    "{name}"
                );
            }
        }
    }

    /// What dayjs's `format` writes for the clock reading `YYYY-MM-DD HH:mm:ss` with the pattern
    /// `fmt` (the tokens congxa's pickers use; `[...]` is literal text; `Z` the browser's own
    /// offset, `zone` here).
    fn dayjs_format(fmt: &str, clock: [&str; 6], zone: &str) -> String {
        let mut out = String::new();
        let mut rest = fmt;
        while !rest.is_empty() {
            if let Some(lit) = rest.strip_prefix('[') {
                let (text, after) = lit.split_once(']').unwrap();
                out.push_str(text);
                rest = after;
                continue;
            }
            let tokens = ["YYYY", "MM", "DD", "HH", "mm", "ss"];
            if let Some(i) = tokens.iter().position(|t| rest.starts_with(t)) {
                out.push_str(clock[i]);
                rest = &rest[tokens[i].len()..];
            } else if let Some(after) = rest.strip_prefix('Z') {
                out.push_str(zone);
                rest = after;
            } else {
                let c = rest.chars().next().unwrap();
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }

    #[test]
    fn the_picker_formats_write_what_check_reads() {
        assert!(crate::dates::parse_date("2026-12-31").is_ok());
        assert!(crate::dates::parse_date("31/12/2026").is_err());
        let clock = ["2026", "11", "30", "17", "00", "00"];
        assert_eq!(dayjs_format("YYYY-MM-DD", clock, "+01:00"), "2026-11-30");
        // The clerk types 17:00 in a browser set to Paris (+01:00) or New York (-05:00): the
        // file says 17:00 Vietnam time either way.
        for zone in ["+07:00", "+01:00", "-05:00", "+00:00"] {
            let written = dayjs_format(MOMENT_FORMAT, clock, zone);
            assert_eq!(written, "2026-11-30T17:00:00+07:00", "browser at {zone}");
            let at = crate::dates::parse_moment(&written).unwrap();
            assert_eq!((at.hour(), at.offset().whole_hours()), (17, 7));
        }
        assert_ne!(
            dayjs_format("YYYY-MM-DDTHH:mm:ssZ", clock, "+01:00"),
            "2026-11-30T17:00:00+07:00",
            "the browser's offset is what `Z` writes"
        );
    }

    #[test]
    fn every_date_time_field_of_the_decap_config_writes_vietnam_time() {
        let site = &demo_sites()[0];
        let urls = EditUrls {
            api: "/admin/api/v1",
            preview: "http://127.0.0.1:8000/",
        };
        let text = decap_config(site, &urls);
        let moments = text.matches("widget: \"datetime\"").count();
        let dates = text.matches("format: \"YYYY-MM-DD\"\n").count();
        let vietnam = text
            .matches(&format!("format: {}", quote(MOMENT_FORMAT)))
            .count();
        assert!(vietnam >= 4, "expires, start, end, publish_at: {vietnam}");
        assert_eq!(moments, dates + vietnam, "{text}");
        assert!(!text.contains("picker_utc"));
    }

    fn pattern(fmt: Format) -> regex::Regex {
        regex::Regex::new(fmt.pattern().0).unwrap()
    }

    #[test]
    fn the_form_patterns_refuse_the_usual_mistakes() {
        for (fmt, bad) in [
            (Format::Phone, "gọi 0255 3822 123"),
            (Format::Phone, "0255/3822/123"),
            (Format::Email, "ubnd@phuong"),
            (Format::Email, "ubnd phuong@x.vn"),
            (Format::WebUrl, "www.zalo.me/123"),
            (Format::WebUrl, "https://zalo me"),
        ] {
            assert!(!pattern(fmt).is_match(bad), "{fmt:?} accepts {bad}");
            assert!(!fmt.accepts(bad), "check accepts {bad}");
        }
        for (fmt, good) in [
            (Format::Phone, "0255 3822 123"),
            (Format::Phone, "+84 912 345 678"),
            (Format::Email, "ubnd@camthanh.quangngai.gov.vn"),
            (Format::WebUrl, "https://zalo.me/123456"),
        ] {
            assert!(pattern(fmt).is_match(good) && fmt.accepts(good), "{good}");
        }
    }

    proptest::proptest! {
        #[test]
        fn a_form_pattern_never_refuses_what_check_accepts(
            s in "[0-9 .()+a-z@/:#?-]{0,24}|https?://[a-z0-9.]{1,10}(/[a-z?#=&]{0,8})?|\\PC{0,16}"
        ) {
            let s = s.trim();
            for fmt in [Format::Phone, Format::Email, Format::WebUrl] {
                if fmt.accepts(s) {
                    proptest::prop_assert!(pattern(fmt).is_match(s), "{:?} refuses {}", fmt, s);
                }
            }
        }
    }

    #[derive(serde::Deserialize)]
    struct DecapConfig {
        backend: Backend,
        locale: String,
        media_folder: String,
        collections: Vec<Collection>,
    }

    #[derive(serde::Deserialize)]
    struct Backend {
        name: String,
        proxy_url: String,
    }

    #[derive(serde::Deserialize)]
    struct Collection {
        name: String,
        label: String,
        folder: Option<String>,
        #[serde(default)]
        files: Vec<FileEntry>,
        #[serde(default)]
        fields: Vec<DecapField>,
    }

    #[derive(serde::Deserialize)]
    struct FileEntry {
        file: String,
        fields: Vec<DecapField>,
    }

    #[derive(serde::Deserialize)]
    struct DecapField {
        name: String,
        widget: String,
        #[serde(default)]
        options: Vec<DecapOption>,
    }

    #[derive(serde::Deserialize)]
    struct DecapOption {
        value: String,
    }

    fn demo_sites() -> Vec<SiteConfig> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut sites = Vec::new();
        for name in ["phuong-cam-thanh", "phuong-sai-gon", "xa-dong-van"] {
            let mut diags = crate::diag::Diagnostics::default();
            sites.push(config::load(root, &root.join("sites").join(name), &mut diags).unwrap());
        }
        sites
    }

    #[test]
    fn the_decap_config_of_each_demo_site_has_every_form_with_its_own_choices() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for site in demo_sites() {
            let urls = EditUrls {
                api: "/admin/api/v1",
                preview: "http://127.0.0.1:8000/",
            };
            let text = decap_config(&site, &urls);
            let cfg: DecapConfig = crate::yaml::parse(&text, Path::new("config.yml"), 1)
                .unwrap_or_else(|e| panic!("{}: {}\n{text}", site.folder, e.message.en));
            assert_eq!(
                (cfg.backend.name.as_str(), cfg.backend.proxy_url.as_str()),
                ("proxy", "/admin/api/v1")
            );
            assert_eq!(cfg.locale, "vi");
            assert!(
                root.join(&cfg.media_folder).parent().unwrap().is_dir(),
                "{}",
                cfg.media_folder
            );
            for form in FORMS {
                let c = cfg
                    .collections
                    .iter()
                    .find(|c| c.name == form.id)
                    .expect(form.id);
                assert_eq!(c.label, form.label.0);
                let fields = match (&c.folder, c.files.first()) {
                    (Some(folder), _) => {
                        assert!(root.join(folder).is_dir(), "{folder}");
                        &c.fields
                    }
                    (None, Some(f)) => {
                        assert!(
                            f.file.starts_with(&*site.rel_dir.to_string_lossy()),
                            "{}",
                            f.file
                        );
                        &f.fields
                    }
                    _ => panic!("{}: neither folder nor file", form.id),
                };
                let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                let want: Vec<&str> = form.fields.iter().map(|f| f.name).collect();
                assert_eq!(&names[..want.len()], &want[..], "{}", form.id);
            }
            let sections = cfg
                .collections
                .iter()
                .find(|c| c.name == "trang-muc")
                .unwrap();
            for f in &sections.files {
                assert!(root.join(&f.file).is_file(), "{}", f.file);
                assert_eq!(
                    f.fields.len(),
                    PAGE.len() + 1,
                    "{}: page fields and the body",
                    f.file
                );
            }
            let ann = cfg
                .collections
                .iter()
                .find(|c| c.name == "thong-bao")
                .unwrap();
            let audiences = ann.fields.iter().find(|f| f.name == "audiences").unwrap();
            let got: Vec<&str> = audiences.options.iter().map(|o| o.value.as_str()).collect();
            let want: Vec<&str> = site
                .audiences
                .iter()
                .chain(&site.hamlets)
                .map(|v| v.id.as_str())
                .collect();
            assert_eq!(
                (audiences.widget.as_str(), got),
                ("select", want),
                "{}",
                site.folder
            );
        }
    }

    #[test]
    fn the_decap_config_of_a_site_is_the_same_on_every_run() {
        let site = &demo_sites()[0];
        let urls = EditUrls {
            api: "/a",
            preview: "/",
        };
        assert_eq!(decap_config(site, &urls), decap_config(site, &urls));
    }

    #[test]
    fn procedures_yaml_is_edited_with_the_code_and_fee_maps_as_lists() {
        let form = FORMS.iter().find(|f| f.id == "thu-tuc").unwrap();
        let got: Vec<(Vec<&str>, &str)> = keyed(form).into_iter().map(|k| (k.path, k.id)).collect();
        assert_eq!(
            got,
            vec![
                (vec!["defaults", "fees"], "id"),
                (vec!["local"], "code"),
                (vec!["local", "*", "fees"], "id"),
            ]
        );
    }

    #[test]
    fn procedures_yaml_round_trips_through_the_cms_lists_without_a_byte_changed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for site in demo_sites() {
            let path = format!("{}/procedures.yaml", site.rel_dir.display());
            let text = std::fs::read_to_string(root.join(&path)).unwrap();
            let cms = to_cms(&path, &text).unwrap();
            assert!(cms.contains("local:\n  - code: "), "{path}: {cms}");
            assert_eq!(from_cms(&path, &text, &cms).unwrap(), text, "{path}");
            let changed = cms.replacen("- code: \"1.", "- code: \"9.", 1);
            let saved = from_cms(&path, &text, &changed).unwrap();
            let first = text.find("\"1.").unwrap();
            let want = format!("{}\"9.{}", &text[..first], &text[first + 3..]);
            assert_eq!(saved, want, "{path}: only the code changes");
        }
        assert_eq!(
            to_cms("sites/x/can-bo.yaml", "officials: []\n").unwrap(),
            "officials: []\n"
        );
    }

    #[test]
    fn the_committed_form_docs_are_the_generated_ones() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/bieu-mau.md");
        let want = docs_markdown();
        if std::env::var_os("UPDATE_EXPECTED").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let got = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            got == want,
            "docs/bieu-mau.md differs from the forms table; run with UPDATE_EXPECTED=1"
        );
    }
}
