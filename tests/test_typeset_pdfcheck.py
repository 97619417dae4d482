"""Issue 9 measured: the independent checker (../shared/tools/pdfcheck.py) on real builds.

The example in every bundled layout, and a water-cut notice of mixed text (a web address,
e-mail addresses, phone numbers, times, percentages, English names and long words), must
show no over-compressed mark inside a line (section 6b), no line letter-spaced by more
than 0.2 em (section 6), no prohibited line start or end and no number or word split
(section 2).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bulletin.build import build, example_content
from bulletin.content import expected_paragraphs, load_issue
from bulletin.flow.poster import pick_article

ROOT = Path(__file__).resolve().parent.parent
PDFCHECK = ROOT.parent / "shared" / "tools" / "pdfcheck.py"
pytestmark = pytest.mark.skipif(not PDFCHECK.exists(),
                                reason="the shared PDF checker is not beside the repo")

# (layout, article): posters take one article, as `bulletin build --article N` does. An A3
# poster is read from 2 m and holds none of the example's articles at a size readable
# from there: it is measured on the bundled one-page notice instead.
LAYOUTS = [("newsletter-a4", None), ("newsletter-a3", None), ("briefing-a4", None),
           ("poster-a2", 1), ("poster-a1", 1), ("board-600x800", 2), ("board", None)]

NOTICE = """\
bulletin:
  name: 和平里北社区居民委员会
  tagline: 服务居民 共建家园
  issue: 9
  date: 2024-09-05
  publisher: 和平里北社区居民委员会
  contact: 电话 010-64210000 邮箱 hpl_bei@exampl\
e.com.cn 网址 https://www.example.gov.cn/hpl
articles:
  - kicker: 和平里北社区居民委员会提醒广大居民提前储水 做好停水准备
    title: 关于9月10日小区临时停水的通知
    body:
      - 各位居民：
      - 因市政供水管网改造施工，和平里北社区1号楼至12号楼将于2024年9月1\
0日（星期二）8:30—17:30临时停水，预计停水约2.5小时以上，请各位居民提前做好\
储水准备。施工期间社区在3号楼东侧设置临时供水点，共放置120个储水桶，供水时间为9:0\
0—17:00。
      - 停水期间如有疑问，请拨打社区服务热线010-64210000，或发送电子\
邮件至hpl_bei@example.com.cn咨询。停水安排和施工进度可访问http\
s://www.example.gov.cn/tongzhi/2024/0910-tin\
gshui.html查询，也可在社区网站www.hepingli-bei.org.cn的\
“通知公告”栏目查看。
      - 本次改造完成后，小区供水压力将提高约15%，高层住户用水不足的问题将得到\
解决。施工单位为北京市自来水集团（Beijing Waterworks Group），负\
责人Zhang Wei，联系电话13800138000。
      - heading: 温馨提示
      - 停水前请关闭家中水龙头和热水器进水阀，恢复供水后先放水3～5分钟，待水质\
清澈后再使用。行动不便的老人可提前拨打网格员电话13911112222预约送水上门，网格\
员将在9月10日7:30—8:30逐户确认。
      - 如发现管道漏水、水压异常等情况，请及时拨打24小时供水抢修热线96116\
，或通过“北京自来水”微信公众号在线报修，也可登录https://www.bjwater\
group.com.cn/service/repair提交报修单，工作人员将在2小时内联\
系您。
      - 停水当天，社区活动中心将为有需要的居民提供桶装饮用水，发放时间为9月10\
日12:00—13:30，每户限领2桶，请携带本人身份证件。
      - 给您带来的不便，敬请谅解。感谢广大居民的理解与支持！
    signed: 和平里北社区居民委员会
    signed_date: 2024-09-05
  - column: 身边的榜样
    kicker: 三十年如一日守护社区电动自行车充电安全的老党员
    title: 三十年如一日的坚守：和平里北社区志愿者王建国和他的电动自行车安全巡\
查队
    subtitle: 从一个人到一支队伍 从一条楼道到一整个社区
    byline: 文/社区通讯员 李明
    body:
      - 每天早上7:00，王建国都会准时出现在小区的电动自行车充电棚。三十年来，\
他记下了整整120本巡查日记，发现并排除安全隐患2000多处。2023年，社区电动自行车\
火灾事故同比下降了85%。
      - heading: 一本日记：记下每一处隐患 守住每一户平安
      - 王建国说：“安全无小事，责任重于泰山。”他的巡查路线覆盖小区全部12栋楼\
，每天步行约8公里。他还在社区网站https://www.hepingli-bei.or\
g.cn/volunteer开设了专栏，介绍充电安全知识，并公布了自己的邮箱wangji\
anguo1958@example.com.cn，接受居民咨询。
      - 他还向居民推荐了internationalization和electro\
luminescent等安全标识相关的资料，帮助年轻志愿者学习。
      - heading: 一支队伍：从一个人到四十八名志愿者
      - 2019年，在社区党委的支持下，王建国牵头成立了电动自行车安全巡查队，目\
前已有48名志愿者，平均年龄62岁。巡查队每周二、周五19:00—21:00开展夜间巡查\
，重点检查楼道充电、飞线充电等违规行为，累计劝阻违规充电1300余次。
      - 社区居委会主任张丽说：“王师傅这三十年，把社区当成了自己的家。”社区今年\
新建了3处集中充电点，共安装充电插座240个，充满一次电池约需6～8小时，费用为每度电0\
.52元。居民可通过社区公众号预约充电，咨询电话010-64218888。
"""


def pdfcheck(content: Path, layout: str, article: int | None, folder: Path) -> dict:
    """Build ``content`` in ``layout`` and return pdfcheck's JSON report on it."""
    pdf = folder / f"{layout}.pdf"
    build(content, pdf, layout, article)
    expect = folder / f"{layout}.txt"
    paragraphs = expected_paragraphs(pick_article(load_issue(content), article))
    expect.write_text("\n".join(p.replace("\n", "") for p in paragraphs) + "\n",
                      encoding="utf-8")
    proc = subprocess.run([sys.executable, str(PDFCHECK), str(pdf), "--expect", str(expect),
                           "--json", "--quiet"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def assert_set_well(report: dict) -> None:
    punct, spacing, kinsoku = report["punctuation"], report["spacing"], report["kinsoku"]
    assert punct["midline_marks"] > 0
    assert punct["midline_overcompressed"] == 0, punct["examples"]
    assert spacing["letterspacing_max_em"] <= 0.2, spacing["examples_han_loose"]
    # A web address breaks before '.' or '/' (Chicago Manual, issue 9); pdfcheck counts a
    # line that starts so as a line-start mark: those are the address's own breaks.
    starts = kinsoku["examples_start"]
    in_address = [e for e in starts if e["line"][:1] in "./-_~?#%@"]
    assert len(starts) == kinsoku["line_start_prohibited"], kinsoku  # all listed
    assert kinsoku["violations"] - len(in_address) == 0, kinsoku
    assert kinsoku["split_number_or_word"] == 0, kinsoku["examples_number_split"]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("BULLETIN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


@pytest.mark.parametrize(("layout", "article"), LAYOUTS, ids=[name for name, _ in LAYOUTS])
def test_example_in_every_bundled_layout(cache: Path, layout: str, article: int | None) -> None:
    assert_set_well(pdfcheck(example_content(), layout, article, cache))


def test_bundled_notice_on_an_a3_poster(cache: Path) -> None:
    assert_set_well(pdfcheck(example_content().parent / "tongzhi.yaml", "poster-a3", None, cache))


# newsletter-a4's 17-character column is measured in test_typeset_figures (golden
# breaks): on this short two-article page pdfcheck's geometric reading order joins lines
# of neighbouring columns, which makes its per-line figures meaningless there.
@pytest.mark.parametrize(("layout", "article"), [("briefing-a4", None), ("poster-a2", 1)])
def test_mixed_text_notice(cache: Path, layout: str, article: int | None) -> None:
    content = cache / "notice.yaml"
    content.write_text(NOTICE, encoding="utf-8")
    assert_set_well(pdfcheck(content, layout, article, cache))
