// Reading an Odoo 19 server log (the default, uncoloured format of odoo/netsvc.py):
//
//   2025-11-21 20:30:00,123 4242 INFO dbname odoo.modules.loading: message [perf info]
//   %(asctime)s %(pid)s %(levelname)s %(dbname)s %(name)s: %(message)s %(perf_info)s
//
// dbname is "?" outside a database; continuation lines (tracebacks, multi-line messages)
// carry no prefix. Test results, as Odoo 19 writes them:
//   odoo/tests/result.py   per test:  ERROR <db> odoo.addons.<mod>.tests.<file>: FAIL: Class.test_x\n<traceback>
//                                     ERROR <db> odoo.addons.<mod>.tests.<file>: ERROR: Class.test_x\n<traceback>
//                          start:     INFO  <db> odoo.addons.<mod>.tests.<file>: Starting Class.test_x ...
//   odoo/service/server.py (with --stop-after-init and tests enabled), once per database:
//     odoo.tests.result: <F> failed, <E> error(s) of <N> tests when loading database '<db>'
//     (INFO when all passed, WARNING when N == 0, ERROR otherwise)
//   odoo/modules/loading.py:  odoo.modules.loading: Module <mod>: <F> failures, <E> errors of <N> tests

const HEAD = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\d+) (DEBUG|INFO|WARNING|ERROR|CRITICAL|RUNBOT|\S+) (\S+) ([^\s:]+): ?(.*)$/;
const SUMMARY = /^(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database '(.*)'/;
const BAD_LEVELS = new Set(["WARNING", "ERROR", "CRITICAL"]);

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The first `lines` lines of a log record, each cut at `width` characters: enough to name it. */
export function headLines(record, lines = 3, width = 200) {
  const all = record.split("\n");
  const head = all.slice(0, lines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  if (all.length > lines) head.push(`… (${all.length - lines} more lines)`);
  return head.join("\n");
}

export class OdooLogScanner {
  /**
   * @param {object} o
   * @param {string} o.module         technical name (addon_amc)
   * @param {string[]} [o.modelNames] the module's own model names (amc.agreement, ...):
   *                                  warnings naming them count as the module's too
   */
  constructor({ module, modelNames = [] }) {
    this.module = module;
    this.loggerPrefix = `odoo.addons.${module}`;
    const words = [`(?<![\\w])${escapeRe(module)}(?!\\w)`];
    for (const m of modelNames) words.push(`(?<![\\w.])${escapeRe(m)}(?!\\w)`);
    this.mention = new RegExp(words.join("|"));
    this.records = [];
    this.current = null;
    this.summary = null; // last "… when loading database" line
    this.testFailures = []; // "FAIL: X" / "ERROR: X" descriptions
    this.started = 0; // "Starting … ..." lines from the module's test loggers
    this.skipped = 0; // "skipped X : reason" lines from the module's test loggers
    this.skips = []; // their messages ("skipped Class.test_x : reason")
    this.offending = []; // records that break the "no warnings" rule
  }

  feed(line) {
    const m = HEAD.exec(line);
    if (m) {
      this.flush();
      this.current = {
        time: m[1],
        level: m[3],
        db: m[4],
        logger: m[5],
        message: m[6],
        lines: [line],
      };
    } else if (this.current) {
      this.current.lines.push(line);
    }
    // lines before the first record (e.g. "Running as user 'root' …") are ignored
  }

  flush() {
    const r = this.current;
    if (!r) return;
    this.current = null;
    this.records.push({ level: r.level, logger: r.logger, message: r.message });
    const ours = r.logger === this.loggerPrefix || r.logger.startsWith(`${this.loggerPrefix}.`);

    if (r.logger === "odoo.tests.result") {
      const s = SUMMARY.exec(r.message);
      if (s) {
        this.summary = { failed: Number(s[1]), errors: Number(s[2]), run: Number(s[3]), db: s[4], level: r.level };
        return;
      }
    }
    const isTestReport = r.level === "ERROR" && /^(FAIL|ERROR): /.test(r.message);
    if (isTestReport) {
      this.testFailures.push(r.message);
      if (ours) return; // counted as a test failure, not as a stray log line
    }
    if (ours && r.level === "INFO" && /^Starting .* \.\.\.$/.test(r.message)) this.started += 1;
    if (ours && r.level === "INFO" && /^skipped \S+ : /.test(r.message)) {
      this.skipped += 1;
      this.skips.push(r.message);
    }
    if (
      r.logger === "odoo.modules.loading" &&
      r.message.startsWith(`Module ${this.module}: `) &&
      /failures, \d+ errors of \d+ tests/.test(r.message)
    ) {
      return; // restates the test failures
    }
    if (!BAD_LEVELS.has(r.level)) return;
    const text = [r.logger, r.message, ...r.lines.slice(1)].join("\n");
    if (ours || this.mention.test(text)) this.offending.push(r.lines.join("\n"));
  }

  finish() {
    this.flush();
    return this;
  }
}

/** Model names (`_name = "..."`) declared by the module's Python files. */
export function declaredModelNames(pySources) {
  const names = new Set();
  for (const src of pySources) {
    for (const m of src.matchAll(/^\s+_name\s*=\s*["']([\w.]+)["']/gm)) names.add(m[1]);
  }
  return [...names];
}
