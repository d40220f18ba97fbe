"""Project generator for bench/run (python3 standard library only).

Builds, from the vendored commune list, a congxa project (one site per commune, each a copy of a
demo site's content with the commune's identity, plus generated news pages) and, for the Hugo
comparison, one equivalent Hugo site per commune with the same Markdown pages.
"""

import csv
import hashlib
import json
import os
import random
import re
import shutil
import unicodedata

NFC = lambda s: unicodedata.normalize("NFC", s)

# Area codes of the 34 provinces (the centre of each merged province), for plausible hotlines.
AREA = {
    "ha-noi": "024", "ho-chi-minh": "028", "hai-phong": "0225", "da-nang": "0236", "can-tho": "0292",
    "hue": "0234", "quang-ninh": "0203", "cao-bang": "0206", "tuyen-quang": "0207", "lao-cai": "0214",
    "thai-nguyen": "0208", "lang-son": "0205", "dien-bien": "0215", "lai-chau": "0213", "son-la": "0212",
    "phu-tho": "0210", "bac-ninh": "0222", "hung-yen": "0221", "ninh-binh": "0229", "thanh-hoa": "0237",
    "nghe-an": "0238", "ha-tinh": "0239", "quang-tri": "0233", "quang-ngai": "0255", "gia-lai": "0269",
    "khanh-hoa": "0258", "lam-dong": "0263", "dak-lak": "0262", "dong-nai": "0251", "tay-ninh": "0276",
    "dong-thap": "0277", "vinh-long": "0270", "an-giang": "0296", "ca-mau": "0290",
}


def ascii_fold(s):
    s = NFC(s).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def slugify(s):
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(s).lower()).strip("-")


def lower_first(s):
    return s[:1].lower() + s[1:]


def read_communes(csv_path):
    with open(csv_path, encoding="utf-8", newline="") as f:
        return [{k: NFC(v) for k, v in row.items()} for row in csv.DictReader(f)]


def select_communes(rows, kind, limit):
    if kind == "province":
        rows = [r for r in rows if r["province_code"] == "79"]
    if limit:
        if kind == "country" and limit < len(rows):
            # Spread a smoke run over the country rather than taking Hà Nội only.
            step = len(rows) / limit
            rows = [rows[int(i * step)] for i in range(limit)]
        else:
            rows = rows[:limit]
    return rows


def assign_folders(rows):
    """Official slug, or `<slug>-<province_slug>` when the slug is already taken in the project."""
    taken, out = set(), []
    for r in rows:
        folder = r["slug"]
        if folder in taken:
            folder = f"{r['slug']}-{r['province_slug']}"
        if folder in taken:  # never seen in the 2025 list; keeps the generator total anyway
            folder = f"{folder}-{r['code']}"
        taken.add(folder)
        out.append((folder, r))
    return out


# --------------------------------------------------------------------------- identity rewriting

DEMO = {
    "name": "Phường Cẩm Thành", "short": "Cẩm Thành", "code": "21025",
    "province_name": "Tỉnh Quảng Ngãi", "province_short": "Quảng Ngãi",
}


def substitutions(c):
    short_ascii = ascii_fold(c["short_name"])
    prov_ascii = ascii_fold(c["province_short_name"])
    pairs = [
        (DEMO["name"], c["name"]),
        (lower_first(DEMO["name"]), lower_first(c["name"])),
        (DEMO["province_name"], c["province_name"]),
        (lower_first(DEMO["province_name"]), lower_first(c["province_name"])),
        (DEMO["short"], c["short_name"]),
        (DEMO["province_short"], c["province_short_name"]),
        ("Cam Thanh", short_ascii),
        ("Quang Ngai", prov_ascii),
        ("camthanh", re.sub(r"[^a-z0-9]", "", short_ascii.lower())),
        ("quangngai", re.sub(r"[^a-z0-9]", "", prov_ascii.lower())),
        (DEMO["code"], c["code"]),
    ]
    return pairs


def subst(text, pairs):
    for a, b in pairs:
        text = text.replace(a, b)
    return text


def hotline(c):
    area = AREA.get(c["province_slug"], "0255")
    n = int(hashlib.sha256(c["code"].encode()).hexdigest()[:8], 16)
    if len(area) == 3:  # 024, 028: 8-digit subscriber numbers
        sub = f"3{n % 10**7:07d}"
        return f"{area} {sub[:4]} {sub[4:]}"
    sub = f"3{n % 10**6:06d}"
    return f"{area} {sub[:4]} {sub[4:]}"


def yaml_q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def site_yaml(demo_text, c, folder, pairs):
    """The demo's site.yaml with the commune's identity; optional blocks kept (names substituted)."""
    blocks, cur = [], None
    for line in demo_text.splitlines():
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):", line)
        if m:
            cur = [m.group(1), [line]]
            blocks.append(cur)
        elif cur is not None:
            cur[1].append(line)
        # leading comments (before the first key) are dropped
    low_type = c["type"]
    ident = {
        "code": yaml_q(c["code"]),
        "name": yaml_q(c["name"]),
        "type": yaml_q(low_type),
        "province": yaml_q(c["province_short_name"]),
        "address": yaml_q(f"Trụ sở UBND {lower_first(c['name'])}, {lower_first(c['province_name'])}"),
        "hotline": yaml_q(hotline(c)),
        "email": yaml_q(f"ubnd.{folder.replace('-', '')[:40]}@example.vn"),
        # Not `https://<folder>.example.vn/`: that is the placeholder `congxa new site` writes,
        # which a published site may not keep. Short, as real commune hosts are: the demo storm
        # notice's own `sms:` must still fit one segment with the site's short link.
        "base_url": yaml_q(f"https://x{c['code']}.congxa.vn/"),
        "description": yaml_q(f"Trang thông tin của {c['name']}, {lower_first(c['province_name'])}: thủ tục hành chính, thông báo, liên hệ."),
        "demo": "true",
    }
    drop = {"map", "zalo_oa", "province_portal", "dvc_ward_id", "former_slugs", "draft"}
    out = [
        "# Generated by bench/run from data/vn-communes-2025.csv and the demo site phuong-cam-thanh.",
        "# Demo data: phone numbers, e-mail addresses, names and addresses are examples.",
    ]
    seen = set()
    for key, lines in blocks:
        if key in drop:
            continue
        if key in ident:
            out.append(f"{key}: {ident[key]}")
            seen.add(key)
            continue
        out.extend(subst(l, pairs) for l in lines)
    for key, val in ident.items():
        if key not in seen:
            out.append(f"{key}: {val}")
    return "\n".join(l for l in out) + "\n"


# --------------------------------------------------------------------------- generated news pages

TITLES = [
    "Ra quân tổng vệ sinh môi trường tại {hamlet}",
    "Hội nghị tiếp xúc cử tri trước kỳ họp Hội đồng nhân dân, quý {q}",
    "Tiêm chủng mở rộng cho trẻ dưới 5 tuổi tháng {m}/{y}",
    "Tập huấn sử dụng VNeID cho người cao tuổi ở {hamlet}",
    "Ngày hội đại đoàn kết toàn dân tộc ở {hamlet}",
    "Kiểm tra an toàn thực phẩm tại chợ và các hộ kinh doanh",
    "Triển khai thu thuế hộ kinh doanh năm {y}",
    "Diễn tập phòng cháy, chữa cháy tại khu dân cư {hamlet}",
    "Trao quà cho gia đình chính sách nhân dịp {holiday}",
    "Phổ biến pháp luật về đất đai cho bà con {hamlet}",
    "Đăng ký nghĩa vụ quân sự cho nam công dân đủ 17 tuổi",
    "Vận động hiến máu tình nguyện đợt {n} năm {y}",
    "Hướng dẫn phòng, chống sốt xuất huyết mùa mưa",
    "Khánh thành nhà văn hóa {hamlet}",
    "Kết quả giải quyết thủ tục hành chính tháng {m}/{y}",
    "Cảnh báo lừa đảo qua điện thoại giả danh cơ quan nhà nước",
    "Tuyển sinh lớp học nghề miễn phí cho người lao động",
    "Cấp thẻ bảo hiểm y tế cho người cao tuổi từ 75 tuổi",
    "Sửa chữa tuyến đường qua {hamlet} bị hư hỏng sau mưa lớn",
    "Tổng kết phong trào xây dựng khu dân cư văn minh năm {y}",
    "Lịch cắt điện để bảo trì lưới điện ở {hamlet}",
    "Hỗ trợ hộ nghèo sửa chữa nhà ở trước mùa mưa bão",
    "Khám sức khỏe miễn phí cho người cao tuổi tại trạm y tế",
    "Chuyển đổi số: hướng dẫn thanh toán không dùng tiền mặt",
]
HOLIDAYS = ["Tết Nguyên đán", "ngày Thương binh – Liệt sĩ 27/7", "Quốc khánh 2/9", "ngày Quốc tế Người cao tuổi 1/10", "Tết Trung thu"]
SENTENCES = [
    "Ủy ban nhân dân {xa} phối hợp với Ủy ban Mặt trận Tổ quốc và các đoàn thể tổ chức hoạt động này.",
    "Hơn {k} hộ gia đình ở {hamlet} đã tham gia, đông nhất là đoàn viên thanh niên và hội viên phụ nữ.",
    "Bà con có thắc mắc xin liên hệ tổ trưởng hoặc gọi đường dây nóng của {xa} trong giờ hành chính.",
    "Cán bộ {xa} sẽ đến tận nhà hướng dẫn người cao tuổi, người khuyết tật không đi lại được.",
    "Kinh phí thực hiện lấy từ ngân sách và nguồn vận động xã hội hóa, được công khai tại nhà văn hóa.",
    "Trong quý vừa qua, Trung tâm Phục vụ hành chính công đã tiếp nhận {k} hồ sơ, hầu hết được trả đúng hẹn.",
    "Người dân nên mang theo thẻ căn cước và xem trước danh sách giấy tờ cần chuẩn bị để khỏi phải đi lại nhiều lần.",
    "Tổ công nghệ số cộng đồng hỗ trợ miễn phí việc cài đặt ứng dụng, nộp hồ sơ và thanh toán trực tuyến.",
    "Đợt này ưu tiên các hộ ở vùng trũng, gần kênh mương và những tuyến hẻm nhỏ xe thu gom khó vào.",
    "Kết quả sẽ được niêm yết công khai tại trụ sở và đọc trên loa của các thôn, tổ dân phố.",
    "Ban chỉ đạo đề nghị các hộ kinh doanh giữ vỉa hè thông thoáng, để rác đúng giờ, đúng nơi quy định.",
    "Trạm y tế mở cửa cả sáng thứ Bảy để người đi làm có thể đưa trẻ đến tiêm đúng lịch.",
    "Phụ huynh nhớ mang sổ tiêm chủng hoặc mở mục sức khỏe trên ứng dụng VNeID khi đưa trẻ đến.",
    "Các trường hợp đặc biệt khó khăn được xem xét hỗ trợ thêm sau khi tổ dân phố họp bình xét.",
    "Lực lượng dân quân, công an và đoàn viên thanh niên có mặt từ sớm để hướng dẫn, giữ trật tự.",
    "Mỗi hộ cử một người dự họp; ý kiến đóng góp được ghi vào biên bản và gửi Ủy ban nhân dân.",
    "Thời gian qua, nhiều tuyến đường đã được bê tông hóa nhờ bà con góp ngày công và hiến đất.",
    "Người dân không cung cấp mã OTP, mật khẩu hay số tài khoản cho bất kỳ ai qua điện thoại.",
    "Cơ quan chức năng sẽ kiểm tra, xử lý nghiêm các trường hợp vi phạm sau thời gian tuyên truyền.",
    "Chương trình nhận được sự hưởng ứng của đông đảo bà con, nhất là người cao tuổi và học sinh.",
    "Các hồ sơ nộp trực tuyến được xử lý như hồ sơ nộp trực tiếp, kết quả gửi qua bưu điện nếu bà con chọn.",
    "Lịch cụ thể từng {hamlet_word} được thông báo trên loa và nhóm Zalo của {xa} trước ít nhất ba ngày.",
    "Đây là hoạt động thường xuyên, được tổ chức vào tuần cuối mỗi tháng trong năm {y}.",
    "Sau buổi làm việc, đoàn đã ghi nhận {k} kiến nghị của cử tri và hẹn trả lời bằng văn bản.",
]
LINK_TEXT = {
    "lien-he.md": "địa chỉ, giờ làm việc và số điện thoại", "huong-dan/nop-ho-so-truc-tuyen.md": "cách nộp hồ sơ trực tuyến",
    "huong-dan/cai-dat-vneid.md": "cách cài đặt VNeID", "gioi-thieu.md": "trang giới thiệu",
}
LIST_ITEMS = [
    "Thẻ căn cước hoặc giấy tờ tùy thân còn hạn", "Sổ hộ khẩu cũ nếu còn giữ (không bắt buộc)",
    "Giấy tờ chứng minh là người có công, hộ nghèo nếu có", "Số điện thoại đang dùng để nhận tin nhắn",
    "Áo mưa, nước uống khi tham gia ngoài trời", "Găng tay, dụng cụ vệ sinh do tổ dân phố phát",
    "Đến đúng giờ để được hướng dẫn theo nhóm", "Ghi lại ý kiến, kiến nghị để gửi tổ trưởng",
]


def news_pages(c, folder, n, content_dir, hamlets):
    """n Markdown pages for `tin-tuc/`: title, description, date, updated, 4–6 paragraphs."""
    rnd = random.Random(int(c["code"]))
    xa = lower_first(c["name"])
    hamlet_word = "tổ dân phố" if c["type"] == "phường" else "thôn"
    has = lambda p: os.path.exists(os.path.join(content_dir, p))
    links = [p for p in ("lien-he.md", "huong-dan/nop-ho-so-truc-tuyen.md", "huong-dan/cai-dat-vneid.md", "gioi-thieu.md") if has(p)]
    pages = {}
    index = (
        "---\ntitle: \"Tin tức\"\n"
        f"description: \"Tin hoạt động của {c['name']}: vệ sinh môi trường, y tế, chính sách, chuyển đổi số.\"\n"
        "updated: \"2026-11-20\"\n---\n\n"
        f"Tin tức về các hoạt động của Ủy ban nhân dân và bà con {xa}. Tin mới nhất ở đầu danh sách.\n"
    )
    pages["tin-tuc/_index.md"] = index
    day0 = 0
    for i in range(n):
        # dates from 2025-07-01 forward, at most 2026-11-20: in the past of the build clock
        day0 += rnd.randint(1, 4)
        y, m, d = _date_add(2025, 7, 1, min(day0, 507))
        fmt = dict(hamlet=rnd.choice(hamlets), q=(m - 1) // 3 + 1, m=m, y=y, n=rnd.randint(1, 3),
                   holiday=rnd.choice(HOLIDAYS), k=rnd.randint(40, 900), xa=xa, hamlet_word=hamlet_word)
        title = rnd.choice(TITLES).format(**fmt)
        fill = lambda t: t.format(**{**fmt, "k": rnd.randint(40, 900), "hamlet": rnd.choice(hamlets)})
        sent = lambda: fill(rnd.choice(SENTENCES))
        para = lambda k: " ".join(fill(t) for t in rnd.sample(SENTENCES, k))
        body = [para(3), para(2)]
        body.append("## Bà con cần lưu ý")
        body.append("\n".join("- " + it for it in rnd.sample(LIST_ITEMS, rnd.randint(3, 5))))
        body.append(para(3))
        if rnd.random() < 0.5:
            body.append("## Thời gian và địa điểm")
            body.append(f"| Nội dung | Chi tiết |\n|---|---|\n| Ngày | {d}/{m}/{y} |\n| Địa điểm | Nhà văn hóa {fmt['hamlet']} |\n| Liên hệ | {hotline(c)} |")
        body.append(para(2))
        if links:
            target = rnd.choice(links)
            body.append(f"Xem thêm [{LINK_TEXT.get(target, 'trang liên quan')}](../{target}) của {xa}.")
        date = f"{y:04d}-{m:02d}-{d:02d}"
        y2, m2, d2 = _date_add(y, m, d, rnd.randint(0, 3))
        fm = (
            f"---\ntitle: {yaml_q(title)}\n"
            f"description: {yaml_q(sent())}\n"
            f"date: \"{date}\"\nupdated: \"{y2:04d}-{m2:02d}-{d2:02d}\"\n---\n\n"
        )
        name = f"tin-tuc/{date}-{slugify(title)[:60].rstrip('-')}-{i + 1:03d}.md"
        pages[name] = fm + "\n\n".join(body) + "\n"
    return pages


def _date_add(y, m, d, days):
    import datetime
    t = datetime.date(y, m, d) + datetime.timedelta(days=days)
    if t > datetime.date(2026, 11, 20):
        t = datetime.date(2026, 11, 20)
    return t.year, t.month, t.day


# --------------------------------------------------------------------------- Hugo equivalent

HUGO_BASEOF = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ .Params.description }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }} · Trang minh họa</p></footer>
</body>
</html>
"""
HUGO_SINGLE = """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ with .Params.updated }}<p>Cập nhật: {{ . }}</p>{{ end }}
{{ .Content }}
</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.description }} – {{ . }}{{ end }}</li>{{ end }}</ul>
{{ end }}
"""


def hugo_front_matter(text):
    # `lang` selects a language in Hugo's multilingual model; the comparison site is monolingual.
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            fm = "\n".join(l for l in text[4:end].split("\n") if not l.startswith("lang:"))
            return "---\n" + fm + text[end:]
    return text


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def copy_tree_text(src, dst, pairs, on_md=None):
    """Copies a tree; .md/.yaml files get the identity substitutions, others are copied as is."""
    written = []
    for dirpath, dirnames, filenames in os.walk(src):
        dirnames.sort()
        rel = os.path.relpath(dirpath, src)
        for fn in sorted(filenames):
            s = os.path.join(dirpath, fn)
            r = os.path.normpath(os.path.join(rel, fn))
            d = os.path.join(dst, r)
            if fn.endswith((".md", ".yaml", ".yml")):
                with open(s, encoding="utf-8") as f:
                    write(d, subst(f.read(), pairs))
            else:
                os.makedirs(os.path.dirname(d), exist_ok=True)
                shutil.copy2(s, d)
            written.append(r)
    return written


def generate(repo, work, kind, limit, news, demo_site="phuong-cam-thanh", hugo=True, shard=""):
    """Writes <work>/congxa (project) and <work>/hugo/<folder>/ (Hugo sites). Returns manifest.
    `shard` "I/N": only every N-th site from the I-th (a part of a country that fits the disk)."""
    rows = select_communes(read_communes(os.path.join(repo, "data/vn-communes-2025.csv")), kind, limit)
    sites = assign_folders(rows)
    if shard:
        i, n = (int(x) for x in shard.split("/"))
        sites = sites[i - 1::n]
    proj = os.path.join(work, "congxa")
    hugo_root = os.path.join(work, "hugo")
    for p in (proj, hugo_root):
        if os.path.exists(p):
            shutil.rmtree(p)
    # Shared parts: the full procedure catalog, life events, portal ids, the default theme.
    shutil.copytree(os.path.join(repo, "content"), os.path.join(proj, "content"))
    shutil.copytree(os.path.join(repo, "themes"), os.path.join(proj, "themes"))
    demo_dir = os.path.join(repo, "sites", demo_site)
    with open(os.path.join(demo_dir, "site.yaml"), encoding="utf-8") as f:
        demo_yaml = NFC(f.read())
    block = re.search(r"^hamlets:\n((?:[ \t].*\n|\n)*)", demo_yaml, re.M)
    hamlets = re.findall(r'^\s+name:\s*"([^"]+)"', block.group(1) if block else "", re.M) or ["Tổ dân phố 1"]
    css = os.path.join(repo, "themes/default/static/style.css")
    md_count = 0
    for folder, c in sites:
        pairs = substitutions(c)
        sdir = os.path.join(proj, "sites", folder)
        # Everything of the demo site but site.yaml: content/, static/, procedures.yaml, people files.
        for entry in sorted(os.listdir(demo_dir)):
            if entry == "site.yaml":
                continue
            s, d = os.path.join(demo_dir, entry), os.path.join(sdir, entry)
            if os.path.isdir(s):
                copy_tree_text(s, d, pairs)
            elif entry.endswith((".yaml", ".yml", ".md")):
                with open(s, encoding="utf-8") as f:
                    write(d, subst(f.read(), pairs))
            else:
                os.makedirs(sdir, exist_ok=True)
                shutil.copy2(s, d)
        write(os.path.join(sdir, "site.yaml"), site_yaml(demo_yaml, c, folder, pairs))
        cdir = os.path.join(sdir, "content")
        for rel, text in news_pages(c, folder, news, cdir, hamlets).items():
            write(os.path.join(cdir, rel), text)
        md_count += sum(1 for _, _, fs in os.walk(cdir) for fn in fs if fn.endswith(".md"))
        if hugo:
            h = os.path.join(hugo_root, folder)
            write(os.path.join(h, "hugo.toml"), (
                f'baseURL = "https://{folder}.example.vn/"\nlanguageCode = "vi"\n'
                f'title = {json.dumps(c["name"], ensure_ascii=False)}\n'
                'disableKinds = ["taxonomy", "term", "rss"]\n'
            ))
            write(os.path.join(h, "layouts/_default/baseof.html"), HUGO_BASEOF)
            write(os.path.join(h, "layouts/_default/single.html"), HUGO_SINGLE)
            write(os.path.join(h, "layouts/_default/list.html"), HUGO_LIST)
            for dirpath, _, filenames in os.walk(cdir):
                for fn in filenames:
                    if fn.endswith(".md"):
                        s = os.path.join(dirpath, fn)
                        with open(s, encoding="utf-8") as f:
                            write(os.path.join(h, "content", os.path.relpath(s, cdir)), hugo_front_matter(f.read()))
            if os.path.isdir(os.path.join(sdir, "static")):
                shutil.copytree(os.path.join(sdir, "static"), os.path.join(h, "static"))
            shutil.copy2(css, os.path.join(h, "static", "style.css"))
    manifest = {"kind": kind, "sites": len(sites), "news_per_site": news, "folders": [f for f, _ in sites],
                "suffixed": [f for f, c in sites if f != c["slug"]], "markdown_pages_per_site": md_count // max(1, len(sites))}
    write(os.path.join(work, "manifest.json"), json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Generate a congxa project (and Hugo sites) from the commune list.")
    ap.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--dest", required=True, help="folder to write congxa/ (and hugo/) into")
    ap.add_argument("--kind", choices=["province", "country"], default="country")
    ap.add_argument("--sites", type=int, default=0)
    ap.add_argument("--news", type=int, default=75)
    ap.add_argument("--hugo", action="store_true")
    a = ap.parse_args()
    m = generate(a.repo, a.dest, a.kind, a.sites, a.news, hugo=a.hugo)
    print(f"{m['sites']} sites in {os.path.join(a.dest, 'congxa')}")
