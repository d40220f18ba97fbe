"""A generated procedure catalog of national size, in the catalog's YAML format
(docs/procedure-format.md), for the scale bench and the one big-catalog bench site.

Every entry is made from this file's own word lists (no portal text): a name built from a first
word, an object and qualifiers ("đối với trường hợp …"), whose length and first word follow the
distribution measured on the portal's commune-level names (so the A–Z letters and the index pages
weigh what real ones do), one of ~40 fields of realistic sizes (Đất đai about a fifth), steps, documents, fees, legal bases of realistic number and
length (the portal's commune-level records have ~6 steps, ~6 documents and ~8 legal bases each).
Deterministic: the same count gives byte-identical files. Codes are `7.1xxxxx`, a range the
portal does not use, so the generated entries never collide with real ones.

    python3 bench/gencatalog.py --dest DIR/content/procedures --count 490
"""

import os
import random
import re
import sys
import unicodedata

FIELDS = [
    "Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Giảm nghèo", "Đất đai", "Hoạt động xây dựng",
    "Nông nghiệp", "Thủy sản", "Lâm nghiệp", "Trồng trọt", "Chăn nuôi và thú y", "Thủy lợi",
    "Giáo dục và đào tạo", "Y tế dự phòng", "Dân số", "Văn hóa cơ sở", "Thể dục, thể thao",
    "Du lịch", "Người có công", "Việc làm", "Trẻ em", "Bình đẳng giới", "Thi đua, khen thưởng",
    "Tôn giáo", "Tín ngưỡng", "Công tác dân tộc", "Công thương", "Thương mại", "Giao thông",
    "Môi trường", "Tài nguyên nước", "Hộ kinh doanh", "Hòa giải ở cơ sở", "Phổ biến pháp luật",
    "Nuôi con nuôi", "Quốc phòng", "Dân quân tự vệ", "Phòng, chống thiên tai",
    "Tiếp công dân", "Giải quyết khiếu nại", "Thông tin và truyền thông", "Cư trú",
]
ACTIONS = [
    "Cấp", "Cấp lại", "Cấp đổi", "Đăng ký", "Đăng ký lại", "Xác nhận", "Công nhận",
    "Thẩm định", "Phê duyệt", "Hỗ trợ", "Chi trả", "Điều chỉnh", "Thu hồi", "Gia hạn",
    "Thông báo", "Giải quyết", "Chấm dứt", "Tặng", "Hủy bỏ", "Bổ sung",
]
OBJECTS = [
    "giấy phép kinh doanh hộ gia đình", "giấy chứng nhận quyền sử dụng đất", "trợ cấp hằng tháng",
    "hộ cận nghèo", "giấy phép xây dựng nhà ở riêng lẻ", "danh hiệu gia đình văn hóa",
    "chế độ mai táng phí", "kinh phí hỗ trợ học tập", "giấy xác nhận tình trạng hôn nhân",
    "đăng ký tàu cá", "hỗ trợ giống cây trồng", "sổ theo dõi tiêm chủng",
    "câu lạc bộ thể thao cơ sở", "lễ hội truyền thống", "điểm sinh hoạt tôn giáo tập trung",
    "hợp tác xã nông nghiệp", "hỗ trợ khắc phục hậu quả thiên tai", "đăng ký khai thác nước dưới đất",
    "kế hoạch bảo vệ môi trường", "biển hiệu quảng cáo", "chợ dân sinh", "đường giao thông nông thôn",
    "tổ hòa giải", "người giám hộ", "việc nuôi con nuôi trong nước", "thẻ bảo hiểm y tế cho trẻ em",
    "người có uy tín trong đồng bào dân tộc thiểu số", "hỗ trợ nhà ở cho người có công",
    "hỗ trợ người lao động mất việc", "giấy khen của chủ tịch ủy ban nhân dân", "dân quân thường trực",
    "đăng ký nghĩa vụ quân sự", "thôn, tổ dân phố mới", "lịch tiếp công dân", "hồ sơ khiếu nại lần đầu",
    "đài truyền thanh cơ sở", "đăng ký tạm trú", "trang trại", "rừng cộng đồng", "trường mầm non tư thục",
]
DOCS = [
    "Đơn đề nghị theo mẫu", "Tờ khai theo mẫu ban hành kèm theo thông tư", "Bản sao giấy tờ tùy thân",
    "Giấy xác nhận của trưởng thôn", "Biên bản họp thôn, tổ dân phố", "Sơ đồ vị trí thửa đất",
    "Bản vẽ thiết kế", "Giấy chứng nhận đã cấp", "Văn bản ủy quyền có chứng thực",
    "Danh sách các thành viên trong hộ", "Giấy tờ chứng minh thu nhập", "Hợp đồng thuê địa điểm",
    "Bản kê khai tài sản", "Giấy chứng tử của người đã mất", "Hồ sơ bệnh án hoặc giấy ra viện",
]
CLAUSES = [
    "theo quy định của pháp luật", "trong thời hạn quy định", "kể từ ngày nhận đủ hồ sơ hợp lệ",
    "tại Trung tâm Phục vụ hành chính công cấp xã", "qua dịch vụ bưu chính công ích",
    "trên Cổng Dịch vụ công quốc gia", "sau khi có ý kiến của các cơ quan liên quan",
    "và trả lời bằng văn bản nếu không đủ điều kiện, nêu rõ lý do",
    "và thông báo cho người đề nghị biết", "cùng với bản chính để đối chiếu",
]
STEPS = [
    "Người đề nghị chuẩn bị hồ sơ và nộp", "Cán bộ tiếp nhận kiểm tra tính đầy đủ của hồ sơ",
    "Công chức chuyên môn thẩm định hồ sơ", "Tổ chức kiểm tra thực tế tại địa bàn",
    "Niêm yết công khai kết quả tại nhà văn hóa thôn", "Trình Chủ tịch Ủy ban nhân dân cấp xã ký quyết định",
    "Trả kết quả cho người đề nghị",
]
LAWS = [
    ("31/2024/QH15", "Luật Đất đai"), ("50/2014/QH13", "Luật Xây dựng"),
    ("60/2014/QH13", "Luật Hộ tịch"), ("20/2023/NĐ-CP", "Nghị định về chính sách trợ giúp xã hội"),
    ("15/2017/QH14", "Luật Lâm nghiệp"), ("18/2017/QH14", "Luật Thủy sản"),
    ("120/2025/NĐ-CP", "Nghị định phân định thẩm quyền của chính quyền địa phương 2 cấp"),
    ("66.7/2025/NQ-CP", "Nghị quyết cắt giảm, đơn giản hóa thủ tục hành chính dựa trên dữ liệu"),
    ("01/2026/TT-BNV", "Thông tư hướng dẫn công tác thi đua, khen thưởng"),
    ("85/2019/TT-BTC", "Thông tư hướng dẫn về phí và lệ phí thuộc thẩm quyền của Hội đồng nhân dân tỉnh"),
    ("02/2024/QH15", "Luật Tín ngưỡng, tôn giáo (sửa đổi)"), ("72/2020/QH14", "Luật Bảo vệ môi trường"),
]
EVENTS = ["sinh-con", "ket-hon", "nguoi-than-qua-doi", "giay-to-ca-nhan", "gia-dinh-nuoi-duong", "kho-khan-tro-giup"]
ONLINE = ["toan-trinh", "mot-phan", "khong"]


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sentence(r, head):
    return f"{head} {r.choice(CLAUSES)}."


TAKEN = set()


def slug(s):
    s = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return re.sub(r"[^a-z0-9]+", "-", s.encode("ascii", "ignore").decode()).strip("-")


# Measured on the portal's commune-level names (the public crawl's catalogue, names whose
# executing body is a commune or ward: 763 of 5,670; used as numbers only, no name copied):
# length deciles in characters, and how often a name begins with each of its common first words.
LENGTH_DECILES = [18, 36, 48, 58, 73, 89, 112, 141, 175, 241, 420]
FIRST_WORDS = [
    ("Cấp", 106), ("Đăng ký", 89), ("Hỗ trợ", 71), ("Giải quyết", 33), ("Xác nhận", 28),
    ("Giao", 24), ("Công nhận", 24), ("Điều chỉnh", 21), ("Chấp thuận", 20), ("Phê duyệt", 20),
    ("Thực hiện", 17), ("Hưởng", 17), ("Thu hồi", 15), ("Chuyển", 13), ("Thẩm định", 12),
    ("Cho phép", 11), ("Khai báo", 11), ("Sử dụng", 9), ("Đính chính", 9), ("Gia hạn", 9),
    ("Thành lập", 9), ("Chứng thực", 9), ("Thông báo", 8), ("Tổ chức", 7), ("Kiểm tra", 7),
    ("Phân loại", 6), ("Quyết định", 6), ("Bổ sung", 5), ("Liên thông", 5), ("Sáp nhập", 4),
    ("Lựa chọn", 4), ("Miễn", 3), ("Báo cáo", 3), ("Nâng cấp", 2), ("Rút", 2), ("Vay", 2),
    ("Bầu", 1), ("Ủy quyền", 1), ("Ý kiến", 1), ("Nhận", 1), ("Đề nghị", 1), ("Ra", 1),
]
# Field sizes: one large field (Đất đai holds about a seventh to a fifth of the commune-level names), a few
# mid-sized ones, and a long tail, as in the same catalogue (60–100 procedures in the largest).
FIELD_WEIGHTS = [18, 10, 7, 6, 6, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2,
                 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
FIELD_ORDER = ["Đất đai", "Hộ tịch", "Bảo trợ xã hội", "Hoạt động xây dựng", "Người có công",
               "Cư trú", "Nông nghiệp", "Thủy lợi", "Thủy sản", "Giao thông", "Chứng thực"]
FIELD_ORDER += [f for f in FIELDS if f not in FIELD_ORDER]
QUALIFIERS = [
    "đối với trường hợp", "cho hộ gia đình, cá nhân", "trên địa bàn cấp xã", "của tổ chức, cá nhân",
    "thuộc thẩm quyền của Ủy ban nhân dân cấp xã", "khi có thay đổi về", "trong trường hợp",
    "đối với người", "do Ủy ban nhân dân cấp xã thực hiện", "theo đề nghị của", "kèm theo",
    "mà không thuộc diện phải", "đã được cấp trước ngày", "hoặc",
]
DETAILS = [
    "đã có giấy tờ về quyền sử dụng đất", "chưa được cấp giấy chứng nhận", "người đang hưởng trợ cấp",
    "thửa đất có nhà ở", "hộ nghèo, hộ cận nghèo", "người khuyết tật nặng", "đồng bào dân tộc thiểu số",
    "công trình không theo tuyến", "tàu cá có chiều dài dưới 12 mét", "cây trồng bị thiệt hại",
    "người cao tuổi không có người phụng dưỡng", "trẻ em có hoàn cảnh đặc biệt", "nhà ở riêng lẻ",
    "diện tích tăng thêm", "thay đổi thông tin", "nhận chuyển nhượng, nhận thừa kế, nhận tặng cho",
    "được Nhà nước giao đất không thu tiền sử dụng đất", "ở khu vực biên giới, hải đảo",
    "người Việt Nam định cư ở nước ngoài", "hồ sơ đã nộp trước ngày 01 tháng 7 năm 2025",
]


def weighted(r, pairs):
    total = sum(w for _, w in pairs)
    x = r.randrange(total)
    for item, w in pairs:
        if x < w:
            return item
        x -= w
    return pairs[-1][0]


def target_length(r):
    """A length drawn from the measured deciles (linear between them)."""
    u = r.random() * 10
    i = int(u)
    lo, hi = LENGTH_DECILES[i], LENGTH_DECILES[i + 1]
    return int(lo + (hi - lo) * (u - i))


def made_up_name(r, obj):
    """A name of realistic length and first word: an action, an object, then qualifiers."""
    want = target_length(r)
    name = f"{weighted(r, FIRST_WORDS)} {obj}"
    while len(name) < want:
        name += f" {r.choice(QUALIFIERS)} {r.choice(DETAILS)}"
    # The hand-written format makes the URL from the whole short name, and a file name holds
    # 255 bytes: the longest tenth of the names (241–420 characters) stops at 200.
    limit = min(want + 10, 200)
    if len(name) > limit:
        name = name[:limit].rsplit(" ", 1)[0].rstrip(",;")
    return name


def entry(n, names=None):
    """The YAML text of the n-th generated procedure (n from 0). `names`: (name, field) pairs
    to use instead of the made-up ones (for measuring on real names locally, never committed)."""
    r = random.Random(n)
    action, obj = ACTIONS[n % len(ACTIONS)], OBJECTS[(n // len(ACTIONS) + n) % len(OBJECTS)]
    code = f"7.1{n:05d}"
    field = weighted(r, list(zip(FIELD_ORDER, FIELD_WEIGHTS)))
    short = made_up_name(r, obj)
    full = ""
    if not names:
        # Two made-up names may meet: the second one gets its number, as a URL must be unique.
        if slug(short) in TAKEN:
            short = f"{short} (mẫu {n + 1})"
        TAKEN.add(slug(short))
    else:
        full, f = names[n % len(names)]
        short = full.removeprefix("Thủ tục ").strip() or full.strip() or f"Thủ tục {n + 1}"
        # A short name people say; the full official one stays in `name`.
        if len(short) > 90:
            short = short[:90].rsplit(" ", 1)[0].rstrip(",;:(/-")
        short = short[0].upper() + short[1:]
        full = full.strip() or short
        # Two names cut to the same words would share a URL: tell them apart.
        if slug(short) in TAKEN:
            short = f"{short} ({n + 1})"
        TAKEN.add(slug(short))
        field = f or field
    out = [
        "# Thủ tục sinh tự động cho bài đo hiệu năng (bench/gencatalog.py); không phải thủ tục thật.",
        f"code: {q(code)}", f"name: {q(full if names else ('Thủ tục ' + short[0].lower() + short[1:] if n % 7 == 0 else short))}",
        f"short_name: {q(short)}",
        f"field: {q(field)}",
    ]
    if n % 3 == 0:
        out += ["life_events:", f"  - {q(EVENTS[n % len(EVENTS)])}"]
    out += [
        f"summary: {q(f'Dùng khi cần {action.lower()} {obj}. ' + sentence(r, 'Hồ sơ được giải quyết'))}",
        "who_may_apply:", f"  - {q('Cá nhân, hộ gia đình cư trú trên địa bàn xã.')}",
        "conditions:", f"  - {q(sentence(r, 'Có đủ điều kiện'))}",
        f"deciding_body: {q('Ủy ban nhân dân cấp xã')}",
        "submission:", "  in_person: true", f"  post: {'true' if n % 2 else 'false'}",
        f"  online: {q(ONLINE[n % 3])}",
        "steps:",
    ]
    for s in r.sample(STEPS, 4 + n % 3):
        out.append(f"  - {q(sentence(r, s))}")
    out += ["documents:", "  submit:"]
    for d in r.sample(DOCS, 3 + n % 4):
        out.append(f"    - name: {q(d + ' ' + obj)}")
        if r.random() < 0.3:
            out.append(f"      copies: {2 + n % 2}")
        if r.random() < 0.2:
            out.append(f"      when: {q('Nếu nộp qua bưu điện')}")
    out += ["  notes:", f"    - {q(sentence(r, 'Giấy tờ đã có trong cơ sở dữ liệu quốc gia thì không phải nộp lại'))}"]
    days = 1 + n % 20
    out += ["processing_time:", f"  text: {q(f'{days} ngày làm việc kể từ khi nhận đủ hồ sơ.')}", f"  working_days: {days}"]
    out += ["result:", f"  - {q('Quyết định hoặc văn bản trả lời về việc ' + action.lower() + ' ' + obj + '.')}"]
    out += ["fees:", "  items:"]
    amount = 10000 * (1 + n % 5) if n % 4 == 0 else 0
    out += ['    - id: "le-phi"', f"      name: {q('Lệ phí ' + obj)}", f"      amount: {amount}"]
    out += ["legal_basis:"]
    for num, title in r.sample(LAWS, 3 + n % 6):
        out += [f"  - number: {q(num)}", f"    title: {q(title)}"]
    out += ["portal: {}", "facts:", '  checked: "2026-07-18"',
            f"  source: {q('Sinh tự động cho bài đo hiệu năng, không phải thông tin thật.')}",
            "  verified: false", "  unverified:", '    - "fees"']
    return code, "\n".join(out) + "\n"


def generate(dest, count, names=None):
    os.makedirs(dest, exist_ok=True)
    TAKEN.clear()
    for n in range(count):
        code, text = entry(n, names)
        with open(os.path.join(dest, code + ".yaml"), "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dest", required=True, help="a content/procedures/ folder")
    ap.add_argument("--count", type=int, default=490)
    ap.add_argument("--names", help="a file of 'name<TAB>field' lines to use as names and fields")
    a = ap.parse_args()
    names = None
    if a.names:
        with open(a.names, encoding="utf-8") as f:
            names = [tuple((line.rstrip("\n") + "\t").split("\t")[:2]) for line in f if line.strip()]
    generate(a.dest, a.count, names)
    print(f"{a.count} procedures in {a.dest}", file=sys.stderr)
