#!/usr/bin/env python3
"""The headless-browser round trip of the rendered form of every stage in STAGES: zvh-pga form
--serve, a thin host over GetForm and SubmitForm, serves the plugin's XHTML form for a signal
(or, for the intake, the form that registers one),
headless Chromium (driven over WebDriver by chromedriver, all on loopback) fills it with real
keyboard and mouse events and submits it with one reasoning missing; the form comes back in
Dutch with every answer still in it, a focused error summary linking to the question and the
message at the question; the reasoning is typed, the form sent again, the plugin stores it, and
GetSignal shows it stored with its criteria answers. All of it twice per stage: with the page
served as application/xhtml+xml and, as most host platforms serve theirs, as text/html (--html);
and the same bytes of the blank and of the refused form parse to the same DOM as text/html and
as XHTML. Other browser tests (axe-core) can walk the same STAGES.

Usage: form_round_trip.py ZVH_PGA SOURCE_DIR
Exit 77 (skipped) only when Chromium or chromedriver cannot run on this machine at all.
"""
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

SKIP = 77
NS = {"c": "urn:nl:zvh-pga:contract:1"}
ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"  # W3C WebDriver web element identifier


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def skip(message):
    print("SKIPPED: " + message)
    sys.exit(SKIP)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    """The few WebDriver commands the test needs, over chromedriver's loopback HTTP."""

    def __init__(self, port):
        self.base = "http://127.0.0.1:%d" % port
        self.session = None

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as error:
            fail("WebDriver %s %s: %s" % (method, path, error.read().decode(errors="replace")))

    def start(self, profile):
        options = {"binary": shutil.which("chromium"),
                   "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                            "--disable-dev-shm-usage", "--no-first-run",
                            "--user-data-dir=" + profile]}
        value = self.request("POST", "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}})
        self.session = value["sessionId"]

    def command(self, method, path, body=None):
        return self.request(method, "/session/" + self.session + path, body)

    def find(self, css):
        found = self.command("POST", "/elements", {"using": "css selector", "value": css})
        if len(found) != 1:
            fail("expected one element for %s on the page, found %d" % (css, len(found)))
        if ELEMENT_KEY not in found[0]:
            fail("unexpected WebDriver element %r" % found[0])
        return found[0][ELEMENT_KEY]

    def by_id(self, element_id):
        return self.find('[id="%s"]' % element_id)

    def click(self, element_id):
        element = self.by_id(element_id)
        self.command("POST", "/element/%s/click" % element, {})

    def type(self, element_id, text):
        element = self.by_id(element_id)
        self.command("POST", "/element/%s/value" % element, {"text": text})

    def value(self, element_id):
        return self.command("GET", "/element/%s/property/value" % self.by_id(element_id))

    def checked(self, element_id):
        return self.command("GET", "/element/%s/property/checked" % self.by_id(element_id))

    def submit_and_wait(self, title_before):
        self.command("POST", "/element/%s/click" % self.find('button[type="submit"]'), {})
        for _ in range(100):
            if self.command("GET", "/title") != title_before:
                return
            time.sleep(0.1)
        fail("no answer after submitting the form")

    def clear(self, element_id):
        self.command("POST", "/element/%s/clear" % self.by_id(element_id), {})

    def text(self, element_id):
        return self.command("GET", "/element/%s/text" % self.by_id(element_id))

    def quit(self):
        if self.session:
            self.request("DELETE", "/session/" + self.session)


def run(zvh_pga, *arguments):
    return subprocess.run([zvh_pga, *arguments], capture_output=True, text=True)


class LeftOutReasoning:
    """A "no" needs its reasoning, which HTML cannot require: the plugin refuses the form."""
    criterion = "radicalisering.terroristisch"
    field = criterion + ".reasoning"
    message = "Niet alle vragen zijn volledig beantwoord. Vul de genoemde vragen aan."
    # The link leads to the question's first option, the one its keyboard focus starts on.
    link = r"#radicalisering\.terroristisch--[a-z-]+$"
    described = 'fieldset[aria-describedby~="%s"]'
    word = "toelichting"

    def make(self, browser, example):
        browser.clear(self.field)

    def fix(self, browser, example):
        browser.type(self.field, example.find(
            "c:criteriaAnswers/c:answer[@criterion='%s']/c:reasoning" % self.criterion, NS).text)


class DateInTheFuture:
    """A closure dated after today, which HTML cannot know: the plugin refuses the form."""
    criterion = None
    field = "closure.closed-on"
    message = "Een antwoord kan niet kloppen. Verbeter de genoemde vragen."
    link = r"#closure\.closed-on$"
    described = '[id="closure.closed-on"][aria-describedby~="%s"]'
    word = "kan niet kloppen"

    def make(self, browser, example):
        browser.clear(self.field)
        browser.type(self.field, "2099-01-01")

    def fix(self, browser, example):
        browser.clear(self.field)
        browser.type(self.field, example.find("c:closedOn", NS).text)


class FailsTheElevenTest:
    """A BSN with a typing error, which HTML cannot see: RegisterSignal refuses the form."""
    criterion = None
    field = "intake.subject.bsn"
    message = "Een antwoord kan niet kloppen. Verbeter de genoemde vragen."
    link = r"#intake\.subject\.bsn$"
    described = '[id="intake.subject.bsn"][aria-describedby~="%s"]'
    word = "kan niet kloppen"

    def make(self, browser, example):
        browser.clear(self.field)
        browser.type(self.field, "111222334")

    def fix(self, browser, example):
        browser.clear(self.field)
        browser.type(self.field, example.find("c:subject/c:bsn", NS).text)


class Stage:
    """One stage's form as the tests drive it: who fills it, the example document whose answers
    are typed in, the form's own fields (field name, the example's element as an ElementTree
    path, radio or text), the mistake made before the first submit, the record it stores in the
    dossier (with the element of its id, if it has one), and how to bring a signal to the point
    where the form can be filled (None for the intake, whose form registers the signal)."""

    def __init__(self, name, caller, example, title, own_fields, mistake, record, record_id,
                 prepare):
        self.name, self.caller, self.example, self.title = name, caller, example, title
        self.own_fields, self.mistake = own_fields, mistake
        self.record, self.record_id, self.prepare = record, record_id, prepare


INTAKE = ("gemeente-utrecht", "test.intake", "intake-officer")
POLITIE = ("politie-midden-nederland", "test.politie", "weegploeg-member")
CHAIR = ("gemeente-utrecht", "test.chair", "weegploeg-chair")

STAGES = [
    # Of the phenomena the example names, the first is clicked and compared.
    Stage("intake", INTAKE, "register-signal.xml", "Melding PGA",
          [("intake.received-on", "c:receivedOn", "text"),
           ("intake.channel", "c:channel", "radio"),
           ("intake.reporter-type", "c:reporter/c:type", "radio"),
           ("intake.reporter-organisation", "c:reporter/c:organisation", "text"),
           ("intake.subject.name", "c:subject/c:name", "text"),
           ("intake.subject.birth-date", "c:subject/c:birthDate", "text"),
           ("intake.subject.bsn", "c:subject/c:bsn", "text"),
           ("intake.subject.municipality", "c:subject/c:municipality", "text"),
           ("intake.observed-facts", "c:observedFacts", "text"),
           ("intake.phenomenon", "c:phenomenonHypothesis/c:phenomenon", "radio"),
           ("intake.online-component", "c:onlineComponent", "radio"),
           ("intake.care-concern", "c:careConcern", "radio"),
           ("intake.urgency", "c:urgency", "radio"),
           ("intake.municipality", "c:municipality", "text")],
          FailsTheElevenTest(), "intake", None, lambda setup: None),
    Stage("contribution", POLITIE, "contribution-politie.xml", "Bijdrage PGA",
          [("contribution.position", "c:position", "radio"),
           ("contribution.legal-basis", "c:legalBasis", "text"),
           ("contribution.reasoning", "c:reasoning", "text"),
           ("contribution.information-held", "c:informationHeld", "text")],
          LeftOutReasoning(), "contribution", "contributionId",
          lambda setup: setup.register_signal()),
    Stage("decision", CHAIR, "record-decision.xml", "Besluit weegploeg PGA",
          [("decision.outcome", "c:outcome", "radio"),
           ("decision.decided-on", "c:decidedOn", "text"),
           ("decision.reasoning", "c:reasoning", "text"),
           ("decision.proportionality-note", "c:proportionalityNote", "text"),
           ("decision.dissent", "c:dissent", "text"),
           *[("decision.present." + partner,
              "c:participants/c:participant[c:partner='%s']/c:name" % partner, "text")
             for partner in ("gemeente", "politie", "om")]],
          LeftOutReasoning(), "decision", "decisionId", lambda setup: setup.ready_signal()),
    Stage("closure", CHAIR, "close-signal.xml", "Afsluiting PGA",
          [("closure.closed-on", "c:closedOn", "text"), ("closure.reason", "c:reason", "text")],
          DateInTheFuture(), "closure", None, lambda setup: setup.decided_signal()),
]


def fill_from_example(browser, stage, example):
    """Answers every question as the stage's example document does, the way a person would:
    clicking options, check boxes and typing into the text fields."""
    root = ET.parse(example).getroot()
    for answer in root.findall("c:criteriaAnswers/c:answer", NS):
        criterion = answer.get("criterion")
        assessment = answer.find("c:assessment", NS)
        if assessment is not None:
            browser.click("%s--%s" % (criterion, assessment.text))
        text = answer.find("c:text", NS)
        if text is not None:
            browser.type(criterion, text.text)
        for choice in answer.findall("c:choice", NS):
            browser.click("%s--%s" % (criterion, choice.text))
        reasoning = answer.find("c:reasoning", NS)
        if reasoning is not None:
            browser.type(criterion + ".reasoning", reasoning.text)
        for evidence in answer.findall("c:evidence", NS):
            if evidence.get("source") == "observed-facts":
                browser.click(criterion + ".evidence--observed-facts")
    for field, path, kind in stage.own_fields:
        value = root.find(path, NS).text
        if kind == "radio":
            browser.click("%s--%s" % (field, value))
        else:
            browser.type(field, value)
    return root


def expect_refused_form_kept(browser, stage, example):
    """The refused form as a person finds it: Dutch, focused on the summary, the question
    named as they see it and linked, the message at the question, every answer still there."""
    title = browser.command("GET", "/title")
    if not title.startswith("Niet verstuurd"):
        fail("the refusal page is titled %r" % title)
    message = browser.text("message")
    mistake = stage.mistake
    if message != mistake.message:
        fail("the refusal does not say in Dutch what to do: %r" % message)
    summary = browser.text("foutmeldingen")
    for word in ("criteria-incomplete", "invalid-value", mistake.field, "criterion", "facet",
                 "schema"):
        if word in summary:
            fail("the error summary shows %r: %s" % (word, summary))
    active = browser.command("GET", "/element/active")
    if browser.command("GET", "/element/%s/attribute/id" % active[ELEMENT_KEY]) != "foutmeldingen":
        fail("the error summary is not focused after the refused submit")
    links = browser.command("POST", "/elements", {"using": "css selector",
                                                  "value": "#problems a"})
    targets = [browser.command("GET", "/element/%s/attribute/href" % link[ELEMENT_KEY])
               for link in links]
    if len(targets) != 1 or not re.search(mistake.link, targets[0]):
        fail("the summary should link only to the question put wrong, links to %s" % targets)
    error_id = "fout-" + targets[0].split("#")[1]
    browser.find(mistake.described % error_id)
    if mistake.word not in browser.text(error_id):
        fail("the message at the question does not say what is wrong")
    for answer in example.findall("c:criteriaAnswers/c:answer", NS):
        criterion = answer.get("criterion")
        text = answer.find("c:text", NS)
        if text is not None and browser.value(criterion) != text.text:
            fail("the answer to %s was lost: %r" % (criterion, browser.value(criterion)))
        for chosen in [*answer.findall("c:assessment", NS), *answer.findall("c:choice", NS)]:
            if not browser.checked("%s--%s" % (criterion, chosen.text)):
                fail("the choice %s of %s was lost" % (chosen.text, criterion))
        reasoning = answer.find("c:reasoning", NS)
        if reasoning is not None and criterion != mistake.criterion and \
                browser.value(criterion + ".reasoning") != reasoning.text:
            fail("the reasoning of %s was lost" % criterion)
    for field, path, kind in stage.own_fields:
        value = example.find(path, NS).text
        if field == mistake.field:
            continue  # it holds the mistake, as it was typed
        kept = browser.checked("%s--%s" % (field, value)) if kind == "radio" \
            else browser.value(field) == value
        if not kept:
            fail("the answer to %s was lost" % field)


# The form's DOM as a tree of namespace, name, sorted attributes and non-blank text, so that the
# two parsers' trees compare as wholes.
DOM_SIGNATURE = """
function signature(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.data.trim() ? ["#text", node.data] : null;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const attributes = [...node.attributes].map(a => [a.name, a.value]).sort();
  const children = [...node.childNodes].map(signature).filter(c => c !== null);
  return [node.namespaceURI, node.localName, attributes, children];
}
const form = document.querySelector("form");
return form ? JSON.stringify(signature(form)) : null;
"""


def expect_same_dom_as_html_and_xhtml(browser, page, what):
    signatures = {}
    for media_type in ("text/html", "application/xhtml+xml"):
        browser.command("POST", "/url", {"url": "data:%s;charset=utf-8,%s"
                                         % (media_type, urllib.parse.quote(page))})
        signatures[media_type] = browser.command("POST", "/execute/sync",
                                                 {"script": DOM_SIGNATURE, "args": []})
        if not signatures[media_type]:
            fail("%s parsed as %s has no form" % (what, media_type))
    if signatures["text/html"] != signatures["application/xhtml+xml"]:
        html, xhtml = signatures["text/html"], signatures["application/xhtml+xml"]
        at = next(i for i in range(min(len(html), len(xhtml))) if html[i] != xhtml[i])
        fail("%s parses differently as text/html and as XHTML, from ...%s... vs ...%s..."
             % (what, html[max(0, at - 80):at + 80], xhtml[max(0, at - 80):at + 80]))


def post(url, fields):
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(),
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.read().decode()


class Setup:
    def __init__(self, zvh_pga, source_dir, work, processes):
        self.zvh_pga, self.work, self.processes = zvh_pga, work, processes
        os.makedirs(os.path.join(work, "config"))
        self.config = os.path.join(work, "config", "zvhpga.xml")
        shutil.copy(os.path.join(source_dir, "config", "zvhpga.xml"), self.config)
        self.examples = os.path.join(source_dir, "examples")

    def register_signal(self):
        registered = run(self.zvh_pga, "call", "--config", self.config, "--partner",
                         "gemeente-utrecht", "--user", "test.intake", "--role", "intake-officer",
                         os.path.join(self.examples, "register-signal.xml"))
        if registered.returncode != 0:
            fail("registering the signal: " + registered.stdout + registered.stderr)
        return ET.fromstring(registered.stdout).find("c:signalId", NS).text

    def for_signal(self, example, signal_id):
        """The example document with this signal's id, as a file to send."""
        document = ET.parse(os.path.join(self.examples, example)).getroot()
        document.find("c:signalId", NS).text = signal_id
        path = os.path.join(self.work, signal_id + "-" + example)
        ET.ElementTree(document).write(path, encoding="UTF-8", xml_declaration=True)
        return path

    def ready_signal(self):
        """A signal every partner has contributed to: ready for the weegploeg's decision."""
        signal_id = self.register_signal()
        for partner, example in (("gemeente-utrecht", "contribution-gemeente.xml"),
                                 ("politie-midden-nederland", "contribution-politie.xml"),
                                 ("om-midden-nederland", "contribution-om.xml")):
            sent = run(self.zvh_pga, "call", "--config", self.config, "--partner", partner,
                       "--user", "test.partner", "--role", "weegploeg-member",
                       self.for_signal(example, signal_id))
            if sent.returncode != 0:
                fail("contributing for %s: %s%s" % (partner, sent.stdout, sent.stderr))
        return signal_id

    def decided_signal(self):
        """A signal the weegploeg decided on: ready to be closed."""
        signal_id = self.ready_signal()
        partner, user, role = CHAIR
        decided = run(self.zvh_pga, "call", "--config", self.config, "--partner", partner,
                      "--user", user, "--role", role,
                      self.for_signal("record-decision.xml", signal_id))
        if decided.returncode != 0:
            fail("recording the decision: " + decided.stdout + decided.stderr)
        return signal_id

    def serve(self, stage, signal_id, as_html):
        partner, user, role = stage.caller
        server = subprocess.Popen(
            [self.zvh_pga, "form", "--config", self.config, "--partner", partner,
             "--user", user, "--role", role, "--stage", stage.name, "--serve",
             *(["--signal", signal_id] if signal_id else []), *(["--html"] if as_html else [])],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.processes.append(server)
        announcement = server.stdout.readline()
        if "http://127.0.0.1:" not in announcement:
            fail("the form server did not start: " + announcement + server.stderr.read())
        return server, re.search(r"http://127\.0\.0\.1:\d+/[0-9a-f]{64}/", announcement).group(0)

    def stored_record(self, stage, signal_id, record_id):
        partner, user, role = stage.caller
        read_back = run(self.zvh_pga, "call", "--config", self.config, "--partner", partner,
                        "--user", user, "--role", role, self.for_signal("get-signal.xml", signal_id))
        if read_back.returncode != 0:
            fail("GetSignal: " + read_back.stdout + read_back.stderr)
        # A closure has no id of its own; the page names the signal instead.
        stored = [c for c in ET.fromstring(read_back.stdout).iter(
                      "{urn:nl:zvh-pga:contract:1}" + stage.record)
                  if stage.record_id is None
                  or c.findtext("c:" + stage.record_id, namespaces=NS) == record_id]
        if len(stored) != 1:
            fail("the %s %s is not in the dossier" % (stage.record, record_id))
        return stored[0]


@contextlib.contextmanager
def browser_session(prefix):
    """A working folder and the list of processes a browser test starts (chromedriver, form
    servers): on leaving, however the test ends, every process still running is stopped and
    the folder removed. Skips the test where Debian's Chromium is not installed."""
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        skip("Debian's chromium and chromium-driver are not installed "
             "(installer/setup-deps.sh installs them)")
    work = tempfile.mkdtemp(prefix=prefix)
    processes = []
    try:
        yield work, processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(work, ignore_errors=True)


def start_browser(work, processes):
    driver_port = free_port()
    driver = subprocess.Popen(["chromedriver", "--port=%d" % driver_port],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    processes.append(driver)
    browser = WebDriver(driver_port)
    for _ in range(100):
        try:
            urllib.request.urlopen(browser.base + "/status", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        skip("chromedriver does not start on this machine")
    try:
        browser.start(os.path.join(work, "profile"))
    except SystemExit:
        raise
    except Exception as error:  # Chromium cannot run here at all
        skip("headless Chromium cannot start: %s" % error)
    return browser


def round_trip(setup, browser, stage, as_html):
    mode = "text/html" if as_html else "application/xhtml+xml"
    signal_id = stage.prepare(setup)
    server, url = setup.serve(stage, signal_id, as_html)
    # Every local account reaches the port: without the secret path there is nothing there.
    for guess in ("/", "/" + "0" * 64 + "/"):
        try:
            urllib.request.urlopen(re.match(r"http://[^/]+", url).group(0) + guess, timeout=5)
            fail("the form was served without its secret path: " + guess)
        except urllib.error.HTTPError as refused:
            if refused.code != 404:
                fail("a path without the secret got %d, not 404" % refused.code)
    if signal_id and signal_id in url:
        fail("the signal's identifier must not appear in the URL")
    with urllib.request.urlopen(url, timeout=30) as response:
        if not response.headers["Content-Type"].startswith(mode):
            fail("served as %s, not %s" % (response.headers["Content-Type"], mode))

    browser.command("POST", "/url", {"url": url})
    if browser.command("GET", "/title") != stage.title:
        fail("the %s form page did not load as %s" % (stage.name, mode))
    if signal_id is None:
        if browser.command("POST", "/elements", {"using": "css selector", "value": "#melding"}):
            fail("the intake form names a melding, and there is none yet")
    elif signal_id not in browser.text("melding"):
        fail("the page does not say which melding it is about")
    example = fill_from_example(browser, stage, os.path.join(setup.examples, stage.example))
    stage.mistake.make(browser, example)
    browser.submit_and_wait(stage.title)
    expect_refused_form_kept(browser, stage, example)

    stage.mistake.fix(browser, example)
    browser.submit_and_wait(browser.command("GET", "/title"))
    if browser.text("outcome") != "accepted":
        fail("the plugin did not store the corrected %s: %s"
             % (stage.name, browser.command("GET", "/source")))
    record_id = browser.text("record-id")
    signal_id = signal_id or record_id  # the intake's kenmerk is the signal it registered

    server.terminate()
    server.wait(timeout=30)
    record = setup.stored_record(stage, signal_id, record_id)
    for field, path, kind in stage.own_fields:
        if record.findtext(path, namespaces=NS) != example.findtext(path, namespaces=NS):
            fail("the %s's %s did not arrive as typed" % (stage.name, path))
    answers = record.find("c:criteriaAnswers", NS)
    if example.find("c:criteriaAnswers", NS) is None:
        print("browser_form_round_trip (%s, %s): stored" % (stage.name, mode))
        return
    if answers is None or answers.get("catalogueVersion") != "2026.1":
        fail("the %s was stored without its criteria answers" % stage.name)
    expected = {a.get("criterion") for a in example.findall("c:criteriaAnswers/c:answer", NS)}
    got = {a.get("criterion") for a in answers.findall("c:answer", NS)}
    if got != expected:
        fail("stored answers %s differ from the ones filled in %s" % (sorted(got),
                                                                     sorted(expected)))
    for typed in example.findall("c:criteriaAnswers/c:answer", NS):
        text = typed.find("c:text", NS)
        stored_text = answers.find("c:answer[@criterion='%s']/c:text" % typed.get("criterion"), NS)
        if text is not None and (stored_text is None or stored_text.text != text.text):
            fail("the typed text of %s did not arrive as typed" % typed.get("criterion"))
    print("browser_form_round_trip (%s, %s): %s %s stored with %d answers"
          % (stage.name, mode, stage.record, record_id, len(got)))


def same_dom_both_ways(setup, browser, stage):
    server, url = setup.serve(stage, stage.prepare(setup), False)
    with urllib.request.urlopen(url, timeout=30) as response:
        blank = response.read().decode()
    expect_same_dom_as_html_and_xhtml(browser, blank, "the blank form")
    token = re.search(r'name="csrf-token" value="([0-9a-f]+)"', blank).group(1)
    # Half filled: one own field of the stage, and one criterion's reasoning on a form that asks
    # criteria (the intake form refuses a field it does not have).
    half_filled = {"csrf-token": token, stage.own_fields[0][0]: "no-further-action"}
    if stage.name != "intake":
        half_filled["radicalisering.terroristisch.reasoning"] = "Eigen woorden"
    refused = post(url, half_filled)
    if "foutmeldingen" not in refused:
        fail("the half-filled form was not refused")
    expect_same_dom_as_html_and_xhtml(browser, refused, "the refused form")
    server.terminate()
    server.wait(timeout=30)


def main():
    zvh_pga, source_dir = sys.argv[1], sys.argv[2]
    with browser_session("zvhpga-browser-") as (work, processes):
        setup = Setup(zvh_pga, source_dir, work, processes)
        browser = start_browser(work, processes)
        try:
            for stage in STAGES:
                for as_html in (False, True):
                    round_trip(setup, browser, stage, as_html)
                same_dom_both_ways(setup, browser, stage)
        finally:
            browser.quit()

if __name__ == "__main__":
    main()
