// Unit tests of the requirements plan for the venv (build/lib/pyenv.mjs); no pip run.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import {
  parseRequirementLine,
  planRequirements,
  failedBuildPackage,
  relaxSpec,
  normalizeName,
  venvDir,
  pruneOldVenvs,
} from "../lib/pyenv.mjs";

const REQS = `# The officially supported versions ...
asn1crypto==1.5.1 ; python_version >= '3.11'
cbor2==5.4.2 ; python_version < '3.12'
cbor2==5.6.2 ; python_version >= '3.12'
lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12' # min 4.9.2, pinning
lxml-html-clean; python_version >= '3.12' # (Noble)
psycopg2==2.9.5 ; python_version == '3.11'
psycopg2==2.9.9 ; python_version >= '3.12' and python_version < '3.13' # (Noble)
python-ldap==3.4.0 ; sys_platform != 'win32' and python_version < '3.12' # min version
python-ldap==3.4.4 ; sys_platform != 'win32' and python_version >= '3.12'
pypiwin32 ; sys_platform == 'win32'
pytz  # no version pinning
Werkzeug==2.2.2 ; python_version > '3.10' and python_version < '3.12'
`;

test("requirement lines: name, spec and marker; comments and blanks ignored", () => {
  assert.deepEqual(parseRequirementLine("lxml==4.9.3 ; python_version > '3.10' # pin"), {
    name: "lxml",
    key: "lxml",
    extras: "",
    spec: "==4.9.3",
    marker: "python_version > '3.10'",
  });
  assert.equal(parseRequirementLine("pytz  # no pin").spec, "");
  assert.equal(parseRequirementLine("# comment"), null);
  assert.equal(parseRequirementLine("   "), null);
  assert.equal(parseRequirementLine("-r other.txt"), null);
  assert.equal(parseRequirementLine("requests[socks]>=2 ; python_version<'4'").extras, "[socks]");
  assert.equal(normalizeName("Python_LDAP"), "python-ldap");
});

test("psycopg2 is swapped for psycopg2-binary with the same pin and marker", () => {
  const plan = planRequirements(REQS);
  assert.ok(plan.lines.includes("psycopg2-binary==2.9.5 ; python_version == '3.11'"));
  assert.ok(plan.lines.includes("psycopg2-binary==2.9.9 ; python_version >= '3.12' and python_version < '3.13'"));
  assert.ok(!plan.lines.some((l) => /^psycopg2[=; ]/.test(l)));
  assert.deepEqual(plan.swapped.map((s) => [s.from, s.to]), [["psycopg2", "psycopg2-binary"]]);
});

test("python-ldap (auth_ldap only) is left out, and said so once", () => {
  const plan = planRequirements(REQS);
  assert.ok(!plan.lines.some((l) => /ldap/.test(l)));
  assert.deepEqual(plan.omitted.map((o) => o.name), ["python-ldap"]);
  // markers stay pip's job: the Windows-only line is kept with its marker
  assert.ok(plan.lines.includes("pypiwin32 ; sys_platform == 'win32'"));
  assert.match(plan.omitted[0].why, /auth_ldap/);
});

test("cbor2's pins are relaxed to >=; other pins and unpinned lines stay as they are", () => {
  const plan = planRequirements(REQS);
  assert.ok(plan.lines.includes("cbor2>=5.4.2 ; python_version < '3.12'"));
  assert.ok(plan.lines.includes("cbor2>=5.6.2 ; python_version >= '3.12'"));
  assert.ok(plan.lines.includes("lxml==4.9.3 ; python_version > '3.10' and python_version < '3.12'"));
  assert.ok(plan.lines.includes("Werkzeug==2.2.2 ; python_version > '3.10' and python_version < '3.12'"));
  assert.ok(plan.lines.includes("pytz"));
  assert.ok(plan.lines.includes("lxml-html-clean ; python_version >= '3.12'"));
  assert.equal(relaxSpec("==1.2"), ">=1.2");
  assert.equal(relaxSpec(">=1.2"), ">=1.2");
});

test("a package whose build failed is relaxed on the next plan", () => {
  const plan = planRequirements(REQS, { relaxed: ["Werkzeug"] });
  assert.ok(plan.lines.includes("Werkzeug>=2.2.2 ; python_version > '3.10' and python_version < '3.12'"));
  assert.ok(plan.relaxed.some((r) => r.name === "Werkzeug" && r.to === ">=2.2.2"));
  assert.equal(planRequirements(REQS).relaxed.length, 1, "cbor2 is reported once for its two marker lines");
});

test("websocket-client and regex are added, plus the manifest's external dependencies, without duplicates", () => {
  const plan = planRequirements(REQS, { extraPackages: ["regex", "pyyaml", "pytz"] });
  const added = plan.added.map((a) => a.name);
  assert.deepEqual(added, ["websocket-client", "regex", "pyyaml"]);
  assert.equal(plan.lines.filter((l) => l === "regex").length, 1);
  assert.equal(plan.lines.filter((l) => l.startsWith("pytz")).length, 1);
});

test("the package that failed to build is read from pip's output", () => {
  const out1 = `Collecting Babel==2.10.3 (from -r req.txt (line 6))
  Downloading Babel-2.10.3-py3-none-any.whl (9.5 MB)
Collecting cbor2==5.4.2 (from -r req.txt (line 8))
  Downloading cbor2-5.4.2.tar.gz (85 kB)
  Installing build dependencies: started
  Getting requirements to build wheel: finished with status 'error'
  error: subprocess-exited-with-error
  ModuleNotFoundError: No module named 'pkg_resources'
`;
  assert.equal(failedBuildPackage(out1), "cbor2");
  const out2 = "Building wheels for collected packages: python-ldap\n  error: subprocess-exited-with-error\nFailed to build python-ldap\n";
  assert.equal(failedBuildPackage(out2), "python-ldap");
  assert.equal(failedBuildPackage("ERROR: Could not find a version that satisfies the requirement nope==1"), null);
});

test("the venv folder changes with the Python version and the plan", () => {
  const a = venvDir("/c", "3.11.7", { lines: ["x==1"] });
  assert.match(a, /^\/c\/venvs\/odoo19-py3\.11-[0-9a-f]{10}$/);
  assert.notEqual(a, venvDir("/c", "3.12.1", { lines: ["x==1"] }));
  assert.notEqual(a, venvDir("/c", "3.11.7", { lines: ["x==2"] }));
});

test("a new venv removes the older ones of the same Python version only", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "amc-venvs-"));
  try {
    for (const n of ["odoo19-py3.11-aaaa", "odoo19-py3.11-bbbb", "odoo19-py3.12-cccc"]) fs.mkdirSync(path.join(root, n));
    assert.deepEqual(pruneOldVenvs(path.join(root, "odoo19-py3.11-bbbb")), ["odoo19-py3.11-aaaa"]);
    assert.deepEqual(fs.readdirSync(root).sort(), ["odoo19-py3.11-bbbb", "odoo19-py3.12-cccc"]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
