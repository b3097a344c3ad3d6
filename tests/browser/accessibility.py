#!/usr/bin/env python3
"""WCAG 2.1 AA in a real browser: axe-core, in one headless Chromium session, checks every form
that zvh-pga form --serve serves, blank and refused, the server's own error pages and the
statistics plot, and must find no violation of the rules tagged wcag2a, wcag2aa, wcag21a or
wcag21aa; every violation found is printed with the element it is on. Each form is also
operated by the keyboard alone: Tab reaches every control with a visible focus, Space picks an
option, the form is sent with Enter, and after the refusal the error summary has the focus and
its link leads to the question. Then every form page is shown inside a host page of its own,
once with the stylesheet zvh-pga ships (styles/zvhpga-form.css) and once with the Utrecht
component library CSS and its design tokens theme, as a host with an NL Design System theme
shows it; both are checked again, the latter photographed (the screenshots stay in
ARTIFACT_DIR). Every Utrecht class name the pages use must exist in that CSS.

The forms are those of every stage the round trip (form_round_trip.py) drives, its STAGES; a
page to check besides is one line in ERROR_PAGES.

Usage: accessibility.py ZVH_PGA SOURCE_DIR NPM_TOOLS_DIR ARTIFACT_DIR
NPM_TOOLS_DIR is where tests/browser/npm_tools.sh installed the npm tools.
Exit 77 (skipped) only when Chromium or chromedriver cannot run on this machine at all.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import namedtuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from form_round_trip import (ELEMENT_KEY, STAGES, Setup, browser_session, fail,  # noqa: E402
                             post, run, start_browser)

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# The name of each stage's screenshots, as docs/handleiding-casemedewerker.md shows them.
PICTURES = {"intake": "melding", "contribution": "bijdrage", "decision": "besluit",
            "closure": "afsluiting"}

# The server's own refusals: a name, the path after the server's address ("{secret}" is the
# secret path of this start) and the request that gets the page.
ErrorPage = namedtuple("ErrorPage", "name path method content_type body")
ERROR_PAGES = [
    ErrorPage("niet-gevonden", "/" + "0" * 64 + "/", "GET", None, None),
    ErrorPage("formulier-niet-van-deze-server", "{secret}", "POST",
              "application/x-www-form-urlencoded", "csrf-token=" + "0" * 64),
    ErrorPage("onleesbaar-formulier", "{secret}", "POST",
              "application/x-www-form-urlencoded", "%zz"),
    ErrorPage("onbekend-formaat", "{secret}", "POST", "text/plain", "tekst"),
]

AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
  .then(result => done(JSON.stringify(result.violations)))
  .catch(error => done(JSON.stringify({error: String(error)})));
""" % json.dumps(WCAG_21_AA)

# Records every element that receives the focus, and whether the focus shows on it (an outline
# or a box shadow that the element does not have without the focus).
RECORD_FOCUS = """
window.zvhpgaFocus = [];
document.addEventListener("focusin", event => {
  const element = event.target, style = getComputedStyle(element);
  const shown = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
                style.boxShadow !== "none";
  window.zvhpgaFocus.push({id: element.id, name: element.getAttribute("name"),
                           type: element.type || element.localName, shown: shown});
});
"""

# The controls a keyboard user must reach, in document order: every text field, check box and
# button, and each radio group once.
CONTROLS = """
const stops = [], groups = new Set();
for (const control of document.querySelectorAll("form input, form textarea, form select, form button")) {
  if (control.type === "hidden" || control.disabled) continue;
  if (control.type === "radio") {
    if (groups.has(control.name)) continue;
    groups.add(control.name);
  }
  stops.push({id: control.id, name: control.getAttribute("name"), type: control.type,
              required: control.required});
}
return stops;
"""

UTRECHT_CLASSES = """
const names = new Set();
for (const element of document.querySelectorAll("[class]"))
  for (const name of element.classList) if (name.startsWith("utrecht-")) names.add(name);
return [...names];
"""

# Where the first question with an error message is on the page, with a margin around it.
QUESTION_IN_ERROR = """
const message = document.querySelector(".utrecht-form-field-error-message");
if (!message) return null;
const question = message.closest("fieldset") || message.parentElement;
const box = question.getBoundingClientRect();
return {x: 0, y: Math.max(0, box.top + window.scrollY - 16), width: 1024,
        height: box.height + 32};
"""

TAB, SPACE, ENTER = "\ue004", " ", "\ue007"


class Checks:
    def __init__(self, browser, npm_tools, source_dir, artifacts, work):
        self.browser, self.artifacts, self.work = browser, artifacts, work
        modules = os.path.join(npm_tools, "node_modules")
        # In every page the browser opens from now on, before the page's own content (and
        # whatever its Content-Security-Policy allows).
        with open(os.path.join(modules, "axe-core", "axe.min.js")) as source:
            browser.command("POST", "/goog/cdp/execute", {
                "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": source.read()}})
        self.library_css = os.path.join(modules, "@utrecht", "component-library-css", "dist",
                                        "index.css")
        self.theme_css = os.path.join(modules, "@utrecht", "design-tokens", "dist", "theme.css")
        self.own_css = os.path.join(source_dir, "styles", "zvhpga-form.css")
        self.violations = []
        self.checked = []
        self.utrecht_classes = set()

    def axe_check(self, name, ours=True):
        """axe-core on the page the browser shows now; its violations are collected, and the
        Utrecht class names of the page, if all of it is ours."""
        answer = json.loads(self.browser.command("POST", "/execute/async",
                                                 {"script": AXE_RUN, "args": []}))
        if isinstance(answer, dict):
            fail("axe-core did not run on %s: %s" % (name, answer["error"]))
        for violation in answer:
            for node in violation["nodes"]:
                self.violations.append("%s: %s (%s, %s)\n    %s\n    %s" % (
                    name, violation["id"], violation["impact"], ", ".join(
                        t for t in violation["tags"] if t.startswith("wcag")),
                    " ".join(node["target"]), node["failureSummary"].replace("\n", " ")))
        self.checked.append(name)
        if ours:
            self.utrecht_classes.update(self.browser.command(
                "POST", "/execute/sync", {"script": UTRECHT_CLASSES, "args": []}))

    def calibrate(self):
        """axe-core must see a violation where there is one, or finding none would prove
        nothing: a text field without a label."""
        self.show('<!DOCTYPE html><html lang="nl"><head><title>Zonder label</title></head>'
                  '<body><main><input type="text"/></main></body></html>')
        self.axe_check("ijkpagina", ours=False)
        if not any(v.startswith("ijkpagina: label ") for v in self.violations):
            fail("axe-core does not find the missing label of the calibration page: %s"
                 % self.violations)
        self.violations, self.checked = [], []

    def show(self, markup, media_type="text/html"):
        self.browser.command("POST", "/url", {"url": "data:%s;charset=utf-8,%s"
                                              % (media_type, urllib.parse.quote(markup))})

    def in_host_page(self, name, page_markup, stylesheets, html_class=""):
        """The page's body inside a host page of its own that loads the given stylesheets, as
        a host shows the fragment; checked with axe-core."""
        body = re.search(r"<body>(.*)</body>", page_markup, re.S).group(1)
        title = re.search(r"<title>(.*?)</title>", page_markup, re.S).group(1)
        host_page = os.path.join(self.work, name + ".html")
        links = "".join('<link rel="stylesheet" href="file://%s"/>' % s for s in stylesheets)
        with open(host_page, "w", encoding="utf-8") as out:
            out.write('<!DOCTYPE html>\n<html lang="nl" class="%s">\n<head>'
                      '<meta charset="UTF-8"/><title>%s</title>%s</head>\n'
                      '<body class="utrecht-page-body"><main class="utrecht-page-content">%s'
                      '</main></body>\n</html>\n' % (html_class, title, links, body))
        self.browser.command("POST", "/url", {"url": "file://" + host_page})

    def styled(self, name, page_markup):
        """The page with the stylesheet zvh-pga ships for hosts without a theme, and as a host
        with the Utrecht theme of the NL Design System shows it; the latter photographed."""
        self.in_host_page(name, page_markup, [self.own_css])
        self.axe_check(name + " (zvhpga-form.css)", ours=False)
        self.in_host_page(name, page_markup, [self.theme_css, self.library_css],
                          "utrecht-theme")
        self.axe_check(name + " (Utrecht-thema)", ours=False)
        # The whole page, and its top as the handleiding shows it: the heading, which melding
        # it is about and, after a refusal, the error summary.
        shots = [(name + ".png", {}),
                 (name + "-boven.png", {"clip": {"x": 0, "y": 0, "width": 1024, "height": 1100,
                                                 "scale": 1}})]
        # And the first question a refusal names, with its message.
        question = self.browser.command("POST", "/execute/sync", {"script": QUESTION_IN_ERROR,
                                                                  "args": []})
        if question:
            shots.append((name + "-vraag.png", {"clip": {**question, "scale": 1}}))
        for file, clip in shots:
            shot = self.browser.command("POST", "/goog/cdp/execute", {
                "cmd": "Page.captureScreenshot",
                "params": {"format": "png", "captureBeyondViewport": True, **clip}})
            with open(os.path.join(self.artifacts, file), "wb") as out:
                out.write(base64.b64decode(shot["data"]))

    def classes_missing_from_library(self):
        with open(self.library_css) as source:
            defined = set(re.findall(r"\.(utrecht-[A-Za-z0-9_-]+)", source.read()))
        return sorted(self.utrecht_classes - defined)


def page_source(browser):
    return browser.command("POST", "/execute/sync", {
        "script": "return new XMLSerializer().serializeToString(document);", "args": []})


def press(browser, *keys):
    actions = []
    for key in keys:
        actions += [{"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]
    browser.command("POST", "/actions", {"actions": [
        {"type": "key", "id": "keyboard", "actions": actions}]})


def active_id(browser):
    active = browser.command("GET", "/element/active")
    return browser.command("GET", "/element/%s/attribute/id" % active[ELEMENT_KEY])


def wait_for_title(browser, before):
    for _ in range(100):
        title = browser.command("GET", "/title")
        if title != before:
            return title
        time.sleep(0.1)
    fail("no answer after sending the form with Enter; invalid: %s" % browser.command("POST", "/execute/sync", {"script": "return [...document.querySelectorAll(':invalid')].map(e => e.id || e.localName)", "args": []}))


def by_keyboard(browser, stage):
    """Fills the form with the keyboard alone, as someone without a mouse does: Tab from the
    top to every control in turn (each must show the focus), Space on each radio group's first
    option, text typed into every required field, and Enter on the button. A yes or no needs its
    reasoning, which the form cannot require: the plugin refuses, the error summary has the
    focus, and its first link, followed with Enter, leads to that question."""
    stops = browser.command("POST", "/execute/sync", {"script": CONTROLS, "args": []})
    if not stops or stops[-1]["type"] != "submit":
        fail("%s: the last control is not the button that sends the form" % stage.name)
    browser.command("POST", "/execute/sync", {"script": RECORD_FOCUS, "args": []})
    title = browser.command("GET", "/title")
    # All keys at once, as fast as a person never types; where the focus went is checked after.
    keys = []
    for stop in stops[:-1]:
        keys.append(TAB)
        if stop["type"] == "radio":
            keys.append(SPACE)
        elif stop["type"] in ("text", "textarea") and stop["required"]:
            keys += list("Zie de melding")
    press(browser, *keys, TAB)
    reached = browser.command("POST", "/execute/sync",
                              {"script": "return window.zvhpgaFocus;", "args": []})
    for index, stop in enumerate(stops):
        got = reached[index] if index < len(reached) else None
        if got is None or (got["id"], got["name"]) != (stop["id"], stop["name"]) and \
                not (stop["type"] == "radio" and got["name"] == stop["name"]):
            fail("%s: Tab should reach %s next, reached %s" % (stage.name, stop, got))
        if not got["shown"]:
            fail("%s: the focus on %s is not visible" % (stage.name, stop))
    press(browser, ENTER)
    wait_for_title(browser, title)
    if not browser.command("GET", "/title").startswith("Niet verstuurd"):
        fail("%s: the form filled by keyboard was not refused for its missing reasoning"
             % stage.name)
    if active_id(browser) != "foutmeldingen":
        fail("%s: the error summary does not have the focus after the refused submit"
             % stage.name)
    press(browser, TAB)
    link = browser.command("GET", "/element/active")
    target = browser.command("GET", "/element/%s/attribute/href" % link[ELEMENT_KEY])
    if not target or not target.startswith("#"):
        fail("%s: Tab from the error summary does not reach its first link" % stage.name)
    press(browser, ENTER)
    # Following the link moves the page to the question; the next Tab goes on from there.
    if browser.command("POST", "/execute/sync",
                       {"script": "return location.hash;", "args": []}) != target:
        fail("%s: Enter on the summary's link does not lead to %s" % (stage.name, target))


def check_stage(checks, setup, stage):
    browser = checks.browser
    picture = PICTURES[stage.name]
    server, url = setup.serve(stage, stage.prepare(setup), as_html=True)
    browser.command("POST", "/url", {"url": url})
    blank = page_source(browser)
    checks.axe_check(stage.name)
    checks.styled(picture, blank)

    browser.command("POST", "/url", {"url": url})
    by_keyboard(browser, stage)
    refused = page_source(browser)
    checks.axe_check(stage.name + ", geweigerd")
    checks.styled(picture + "-geweigerd", refused)

    # Sent with nothing filled in: every kind of question carries its message at once.
    with urllib.request.urlopen(url, timeout=30) as response:
        token = re.search(r'name="csrf-token" value="([0-9a-f]+)"',
                          response.read().decode()).group(1)
    empty = post(url, {"csrf-token": token})
    if "foutmeldingen" not in empty:
        fail("%s: the empty form was not refused" % stage.name)
    checks.show(empty)
    checks.axe_check(stage.name + ", leeg verstuurd")
    return server, url


def check_error_pages(checks, url):
    origin, secret = re.match(r"(http://[^/]+)(/.*)", url).groups()
    for page in ERROR_PAGES:
        request = urllib.request.Request(
            origin + page.path.replace("{secret}", secret), method=page.method,
            data=None if page.body is None else page.body.encode(),
            headers={} if page.content_type is None else {"Content-Type": page.content_type})
        try:
            urllib.request.urlopen(request, timeout=30)
            fail("%s: the server did not refuse %s %s" % (page.name, page.method, page.path))
        except urllib.error.HTTPError as refused:
            checks.show(refused.read().decode())
        checks.axe_check(page.name)


def check_statistics(checks, setup):
    """The plot of the outcome rates per phenomenon, inline in a page as a host shows it, with
    figures both published and suppressed: six signals through the whole process, four more
    undecided besides those the forms were filled in for, and two about climate extremism."""
    for _ in range(6):
        demo = run(setup.zvh_pga, "demo", "--config", setup.config, "--examples", setup.examples)
        if demo.returncode != 0:
            fail("zvh-pga demo: " + demo.stdout + demo.stderr)
    for _ in range(4):
        setup.register_signal()
    with open(os.path.join(setup.examples, "register-signal.xml"), encoding="utf-8") as source:
        climate = re.sub(r"<phenomenonHypothesis>.*?</phenomenonHypothesis>",
                         "<phenomenonHypothesis><phenomenon>klimaat-extremisme</phenomenon>"
                         "</phenomenonHypothesis>", source.read(), flags=re.S)
    climate_file = os.path.join(setup.work, "register-climate.xml")
    with open(climate_file, "w", encoding="utf-8") as out:
        out.write(climate)
    for _ in range(2):
        registered = run(setup.zvh_pga, "call", "--config", setup.config, "--partner",
                         "gemeente-utrecht", "--user", "test.intake", "--role", "intake-officer",
                         climate_file)
        if registered.returncode != 0:
            fail("registering a signal about klimaat-extremisme: " + registered.stdout)
    plot = os.path.join(setup.work, "statistiek.svg")
    stats = run(setup.zvh_pga, "stats", "--config", setup.config, "--partner", "zvh-utrecht",
                "--from", "2026-01-01", "--to", "2026-12-31", "--svg", plot)
    if stats.returncode != 0:
        fail("zvh-pga stats: " + stats.stdout + stats.stderr)
    with open(plot, encoding="utf-8") as source:
        svg = re.sub(r"^<\?xml[^>]*>\s*", "", source.read())
    checks.show('<!DOCTYPE html>\n<html lang="nl"><head><meta charset="UTF-8"/>'
                "<title>Statistiek PGA</title></head><body><main><h1>Statistiek PGA</h1>%s"
                "</main></body></html>" % svg)
    checks.axe_check("statistiek")
    shutil.copy(plot, os.path.join(checks.artifacts, "statistiek.svg"))


def main():
    zvh_pga, source_dir, npm_tools, artifacts = sys.argv[1:5]
    started = time.monotonic()
    with browser_session("zvhpga-accessibility-") as (work, processes):
        if not os.path.isfile(os.path.join(npm_tools, "installed")):
            fail("the npm tools are not in %s: tests/browser/npm_tools.sh installs them "
                 "(the test browser_npm_tools)" % npm_tools)
        # Only this run's screenshots: none of a stage that is gone or was renamed.
        shutil.rmtree(artifacts, ignore_errors=True)
        os.makedirs(artifacts)
        setup = Setup(zvh_pga, source_dir, work, processes)
        browser = start_browser(work, processes)
        try:
            browser.command("POST", "/timeouts", {"script": 60000})
            browser.command("POST", "/window/rect", {"width": 1024, "height": 768})
            checks = Checks(browser, npm_tools, source_dir, artifacts, work)
            checks.calibrate()
            for index, stage in enumerate(STAGES):
                server, url = check_stage(checks, setup, stage)
                if index == 0:
                    check_error_pages(checks, url)
                server.terminate()
                server.wait(timeout=30)
            check_statistics(checks, setup)
        finally:
            browser.quit()
        missing = checks.classes_missing_from_library()
        if checks.violations or missing:
            for violation in checks.violations:
                print(violation, file=sys.stderr)
            for name in missing:
                print("class %s is not in @utrecht/component-library-css" % name,
                      file=sys.stderr)
            fail("%d WCAG 2.1 AA violations on %d pages, %d Utrecht class names unknown to "
                 "the component library" % (len(checks.violations), len(checks.checked),
                                            len(missing)))
        print("browser_accessibility: %d pages without a WCAG 2.1 AA violation (%s); "
              "screenshots in %s; %.1f s" % (len(checks.checked), "; ".join(checks.checked),
                                              artifacts, time.monotonic() - started))


if __name__ == "__main__":
    main()
