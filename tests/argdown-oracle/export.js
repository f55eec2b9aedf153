// Print what the Argdown reference parser (@argdown/core) reads in each file given, as JSON:
// {file: {errors, statements, arguments, relations}}, for the test suite's conformance check.
// @include(a.argdown, ...) is read as @argdown/node reads it: the files' text in place,
// relative to the including file.
"use strict";
const fs = require("fs");
const path = require("path");
const { ArgdownApplication, ParserPlugin, ModelPlugin, JSONExportPlugin } = require("@argdown/core");

const app = new ArgdownApplication();
app.addPlugin(new ParserPlugin(), "parse-input");
app.addPlugin(new ModelPlugin(), "build-model");
app.addPlugin(new JSONExportPlugin({ exportMap: false }), "export-json");

function withIncludes(file) {
  const folder = path.dirname(path.resolve(file));
  return fs.readFileSync(file, "utf8").replace(/@include\(([^)]+)\)/g, (_, names) =>
    names.split(",").map((name) => withIncludes(path.resolve(folder, name.trim()))).join("\n\n"));
}

const end = (node) => node.type === "inference" ? ["inference", node.argumentTitle] : [node.type, node.title];
const result = {};
for (const file of process.argv.slice(2)) {
  const response = app.run({ input: withIncludes(file), process: ["parse-input", "build-model", "export-json"], logLevel: "none" });
  result[file] = {
    exceptions: (response.exceptions || []).map((e) => String(e.message || e)).slice(0, 3),
    firstErrorLine: ((response.parserErrors || [])[0] || { token: {} }).token.startLine || null,
    errors: (response.parserErrors || []).length + (response.lexerErrors || []).length + (response.exceptions || []).length,
    statements: Object.values(response.statements || {}).map((ec) => [ec.title, (ec.members.find((m) => m.text && m.text.trim()) || { text: "" }).text.trim()]),
    arguments: Object.values(response.arguments || {}).map((a) => [a.title,
      (a.pcs || []).map((s) => [s.role, s.title, s.inference ? (s.inference.inferenceRules || []) : null])]),
    relations: (response.relations || []).map((r) => [r.relationType, end(r.from), end(r.to)]),
  };
}
process.stdout.write(JSON.stringify(result) + "\n");
