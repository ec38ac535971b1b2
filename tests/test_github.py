"""The GitHub side for editors: the CI workflow, the issue form, the PR template and the job summary."""

import os
import re
import shutil
import subprocess
import sys

import yaml

from search import ci_summary, config
from search.cli import main
from search.content import validate
from search.content.cases import read_case
from search.content.vocabulary import load_vocabulary
from search.problems import display_path
from search.roles.classifier import case_role

from .conftest import FIXTURES, REPO

GITHUB = REPO / ".github"
WORKFLOW = GITHUB / "workflows" / "ci.yml"
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "nieuw-praktijkvoorbeeld.yml"
GOOD = FIXTURES / "cases" / "good" / "voorbeeldstad.md"
BAD = FIXTURES / "cases" / "bad"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps(job: str) -> list[dict]:
    return workflow()["jobs"][job]["steps"]


def step(job: str, name_part: str) -> dict:
    [found] = [s for s in steps(job) if name_part in s.get("name", "")]
    return found


# ---------------------------------------------------------------- workflow


def test_workflow_runs_on_pull_requests_and_on_pushes_to_main():
    data = workflow()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    assert data["permissions"] == {"contents": "read"}


def test_every_action_is_pinned_to_a_commit_with_its_release_named():
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert len(uses) >= 6
    for action, comment in uses:
        assert PINNED.match(action), action
        assert re.match(r"\s*# v\d+\.\d+\.\d+$", comment), f"{action}: name the release, e.g. '# v4.2.2'"


def test_pull_request_job_checks_only_the_changed_cases_and_writes_the_summary():
    job = workflow()["jobs"]["cases"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    diff = step("cases", "Veranderde")["run"]
    assert "git diff --name-only --diff-filter=d \"origin/${BASE_REF}...HEAD\" -- 'cases/*.md'" in diff
    assert step("cases", "Veranderde")["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert '>> "$GITHUB_STEP_SUMMARY"' in step("cases", "Samenvatting")["run"]
    assert "python -m search check" in step("cases", "Controle")["run"]


def test_test_job_runs_make_test_and_keeps_the_site_as_an_artifact():
    runs = [s.get("run", "") for s in steps("test")]
    assert "make test" in runs
    assert "make site SITE_DIR=site" in runs
    upload = next(s for s in steps("test") if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "site" and upload["with"]["path"] == "site/"


def test_only_main_deploys_to_pages():
    data = workflow()
    deploy = data["jobs"]["deploy"]
    main_only = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert deploy["if"] == main_only and deploy["needs"] == "test"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    pages = next(s for s in steps("test") if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["if"] == main_only


def test_main_builds_the_site_for_its_pages_address_without_the_researcher_search():
    main_only = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    address = step("test", "Adres van de site")
    assert address["uses"].startswith("actions/configure-pages@") and address["if"] == main_only
    build = step("test", "Site bouwen")
    assert build["env"] == {"SITE_URL": "${{ steps.pages.outputs." + "base_url }}"}
    assert address["id"] == "pages"
    assert workflow()["jobs"]["test"]["permissions"] == {"contents": "read", "pages": "read"}
    assert "SEARCH_URL" not in WORKFLOW.read_text(encoding="utf-8").split("jobs:")[1]


def test_make_targets_used_in_the_workflow_exist():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
    used = {
        m
        for run in [s.get("run", "") for job in workflow()["jobs"].values() for s in job.get("steps", [])]
        for m in re.findall(r"\bmake (\w+)", run)
    }
    assert used and used <= targets


def test_pull_request_steps_run_as_written(tmp_path):
    """Run the cases job's shell steps here, on a copied good case and a broken one."""
    good, broken = tmp_path / "voorbeeldstad.md", tmp_path / "bad-url.md"
    shutil.copy(GOOD, good)
    shutil.copy(BAD / "bad-url.md", broken)
    changed = tmp_path / "changed.txt"
    changed.write_text(f"{good}\n{broken}\n", encoding="utf-8")
    summary_file = tmp_path / "summary.md"
    env = dict(os.environ, GITHUB_STEP_SUMMARY=str(summary_file), GUIDE_URL="https://example.org/CONTRIBUTING.md")

    def run(name):
        script = step("cases", name)["run"].replace("changed-cases.txt", str(changed))
        return subprocess.run(["bash", "-e", "-c", script], cwd=REPO, env=env, capture_output=True, text=True)

    result = run("Samenvatting")
    assert result.returncode == 0, result.stderr
    assert "(https://example.org/CONTRIBUTING.md#bronnen)" in summary_file.read_text(encoding="utf-8")
    annotations = run("Meldingen")
    assert annotations.stdout.startswith(f"::error file={display_path(broken)},line=22::")
    check = run("Controle")
    assert check.returncode != 0
    assert f"{display_path(broken)}:22: De link van bron 1 is geen geldig webadres" in check.stderr
    assert "Traceback" not in check.stderr + annotations.stderr + result.stderr


# ---------------------------------------------------------------- issue form and templates


def test_issue_form_parses_and_has_unique_ids():
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    types = {item["type"] for item in form["body"]}
    assert types <= {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_issue_form_lists_come_from_the_vocabulary():
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    options = {item["id"]: item["attributes"]["options"] for item in form["body"] if item["type"] == "dropdown"}
    vocabulary = load_vocabulary()
    assert options["provincie"] == list(vocabulary.provinces.values())
    assert options["themas"] == list(vocabulary.themes.values())
    assert options["rol"] == [spec["label"] for spec in vocabulary.roles.values()]


def test_issue_form_asks_for_sources_and_a_promise_about_personal_data():
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    by_id = {item.get("id"): item for item in form["body"]}
    assert by_id["bronnen"]["validations"]["required"] is True
    promises = by_id["afspraken"]["attributes"]["options"]
    assert all(p["required"] for p in promises)
    assert any("persoonsgegevens" in p["label"] for p in promises)


def test_issue_chooser_links_to_the_guide():
    chooser = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    [link] = chooser["contact_links"]
    assert link["url"] == f"{config.REPOSITORY_URL}/blob/main/{config.GUIDE}#nieuw-praktijkvoorbeeld"


def test_pull_request_template_has_a_checklist_linking_to_the_guide():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] .+$", text, flags=re.M)
    assert len(items) >= 5
    assert all("CONTRIBUTING.md#" in item for item in items)


# ---------------------------------------------------------------- ci-summary


def write_case(tmp_path, extra_front: str = "", body_extra: str = "", name: str = "voorbeeldstad.md"):
    text = GOOD.read_text(encoding="utf-8")
    text = text.replace("coordinates:", extra_front + "coordinates:", 1) + body_extra
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_summary_without_changed_cases_says_so():
    assert ci_summary.summary([]) == (
        "## Praktijkvoorbeelden in dit pull request\n\n"
        "Dit pull request verandert geen praktijkvoorbeelden in `cases/`.\n"
    )


def test_summary_of_a_good_case_shows_the_role_and_its_evidence(tmp_path):
    path = write_case(tmp_path)
    text = ci_summary.summary([path])
    decided = case_role(read_case(path)[0])
    assert "✅ Het veranderde praktijkvoorbeeld is in orde." in text
    assert f"### `{display_path(path)}` — De Brug in Voorbeeldstad" in text
    assert f"**Rol van MEE volgens de tekst:** {decided.label} " in text
    supporting = [e for e in decided.verdict.evidence if e.weight > 0]
    assert supporting, "the fixture says MEE works in the wijkteams"
    assert f"“{ci_summary.escape(supporting[0].sentence)}”" in text
    assert "Verschil" not in text


def test_summary_shows_a_disagreement_with_the_editors_override(tmp_path):
    verdict_role = case_role(read_case(write_case(tmp_path))[0]).verdict.role
    override = "specialist" if verdict_role != "specialist" else "independent"
    path = write_case(tmp_path, f'mee_role: {override}\nmee_role_reason: "Zo staat het in het verslag."\n')
    text = ci_summary.summary([path])
    labels = load_vocabulary()
    chosen, found = labels.role_label(override), labels.role_label(verdict_role)
    assert f"**Vastgesteld door de redactie:** {chosen}. Reden: Zo staat het in het verslag." in text
    assert (f"⚠️ **Verschil:** de redactie koos *{chosen}*, maar de tekst wijst op *{found}*.") in text
    assert "CONTRIBUTING.md#rol-vaststellen" in text


def test_summary_of_a_broken_case_lists_every_problem_with_file_and_line(tmp_path):
    path = tmp_path / "raw-html.md"
    shutil.copy(BAD / "raw-html.md", path)
    problems = [p for p in validate.check([path]) if p.is_error]
    text = ci_summary.summary([path])
    assert text.startswith(
        "## Praktijkvoorbeelden in dit pull request\n\n❌ 1 van 1 veranderde praktijkvoorbeelden heeft nog problemen."
    )
    for problem in problems:
        assert f"- `{display_path(path)}:{problem.line}` {ci_summary.escape(problem.message)}" in text
        assert f"(uitleg: [CONTRIBUTING.md#{problem.guide}](CONTRIBUTING.md#{problem.guide}))" in text


def test_summary_of_an_unreadable_case_does_not_guess_a_role(tmp_path):
    path = tmp_path / "bad-yaml.md"
    shutil.copy(BAD / "bad-yaml.md", path)
    text = ci_summary.summary([path])
    assert f"- `{display_path(path)}:4` Een aanhalingsteken" in text
    assert "**Rol van MEE:** niet bepaald, want het bestand kan niet worden gelezen." in text


def test_summary_escapes_markdown_and_html_from_the_case():
    assert (
        ci_summary.escape("<b>MEE</b> *werkt* [hier](x) | a_b")
        == "&lt;b&gt;MEE&lt;/b&gt; \\*werkt\\* \\[hier\\](x) \\| a\\_b"
    )


def test_annotations_put_each_problem_on_its_line():
    lines = ci_summary.annotations([BAD / "bad-url.md", BAD / "personal-data.md"]).splitlines()
    problems = validate.check([BAD / "bad-url.md", BAD / "personal-data.md"])
    assert len(lines) == len(problems)
    for line, problem in zip(lines, problems, strict=False):
        assert line.startswith(f"::error file={display_path(problem.path)},line={problem.line}::")
        assert line.endswith(f"(uitleg: CONTRIBUTING.md#{problem.guide})")


def test_annotation_text_is_escaped():
    assert ci_summary.annotation_escape("a:b,c\n100%", in_property=True) == "a%3Ab%2Cc%0A100%25"
    assert ci_summary.annotation_escape("a:b\n") == "a:b%0A"


def test_ci_summary_command_reads_paths_from_stdin_and_skips_deleted_ones(tmp_path):
    path = write_case(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "search", "ci-summary", "--stdin"],
        cwd=REPO,
        text=True,
        input=f"{path}\n{tmp_path / 'verwijderd.md'}\n\n",
        capture_output=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ci_summary.summary([path])


def test_ci_summary_refuses_a_file_that_is_not_a_case(capsys):
    assert main(["ci-summary", "README.txt"]) == 2
    assert capsys.readouterr().err == "fout: 'README.txt' is geen case-bestand (.md).\n"
