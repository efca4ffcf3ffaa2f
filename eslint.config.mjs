// ESLint flat config (npm run lint: eslint ts_src test build *.mjs).
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
    {
        ignores: ["node_modules/", "static/", "coverage/", ".odoo-run/"],
    },
    js.configs.recommended,
    tseslint.configs.recommended,
    {
        // Node scripts behind the npm scripts (stdlib only).
        files: ["build/**/*.mjs", "*.mjs"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
            globals: { ...globals.node },
        },
    },
    {
        files: ["**/*.ts"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
        },
        rules: {
            // type-only imports are erased by esbuild: luxon / chart.js types never pull code in
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "separate-type-imports" }],
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            eqeqeq: ["error", "always"],
            "no-console": "error",
            "prefer-const": "error",
        },
    },
    {
        // Browser code bundled for Odoo.
        files: ["ts_src/**/*.ts"],
        languageOptions: {
            globals: { ...globals.browser },
        },
        rules: {
            "@typescript-eslint/no-restricted-imports": [
                "error",
                {
                    paths: [
                        {
                            name: "@web/core/l10n/translation",
                            message: "Import _t from ts_src/l10n.ts (one import keeps the name _t in the bundle).",
                        },
                        {
                            name: "luxon",
                            message: "luxon is Odoo's global at run time: use `import type` only.",
                            allowTypeImports: true,
                        },
                        {
                            name: "chart.js",
                            message: 'Chart.js comes from loadBundle("web.chartjs_lib"): use `import type` only.',
                            allowTypeImports: true,
                        },
                    ],
                    patterns: [
                        {
                            group: ["luxon/*", "chart.js/*"],
                            message: "Odoo provides these libraries at run time: use `import type` only.",
                            allowTypeImports: true,
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["ts_src/l10n.ts"],
        rules: { "@typescript-eslint/no-restricted-imports": "off" },
    },
    {
        files: ["ts_src/types/**/*.d.ts"],
        rules: { "@typescript-eslint/consistent-type-imports": "off" },
    },
    {
        // jest tests and doubles run in node + jsdom.
        files: ["test/**/*.ts"],
        languageOptions: {
            globals: { ...globals.browser, ...globals.node, ...globals.jest },
        },
    },
);
