#!/usr/bin/env node
// pscheck: parses each PowerShell script named on the command line with tree-sitter's
// PowerShell grammar and exits non-zero if any has a syntax error. The simulator's own
// engine is ours; this check holds the scripts to a grammar we did not write.
'use strict';

const fs = require('fs');
const path = require('path');
const { Parser, Language } = require('web-tree-sitter');

function problems(node, out) {
  if (node.isMissing) {
    out.push({ row: node.startPosition.row, column: node.startPosition.column, what: `missing ${node.type}` });
  } else if (node.type === 'ERROR') {
    out.push({ row: node.startPosition.row, column: node.startPosition.column, what: `unexpected ${JSON.stringify(node.text.slice(0, 40))}` });
  }
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i);
    if (child.hasError || child.isMissing || child.type === 'ERROR') problems(child, out);
  }
  return out;
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: pscheck FILE.ps1...');
    process.exit(2);
  }
  await Parser.init();
  const wasm = path.join(path.dirname(require.resolve('tree-sitter-powershell/package.json')), 'tree-sitter-powershell.wasm');
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  let failed = 0;
  for (const file of files) {
    const tree = parser.parse(fs.readFileSync(file, 'utf8'));
    const found = tree.rootNode.hasError ? problems(tree.rootNode, []) : [];
    if (found.length > 0) {
      failed++;
      for (const p of found) console.error(`${file}:${p.row + 1}:${p.column + 1}: ${p.what}`);
    }
  }
  console.log(`pscheck: ${files.length} scripts parsed, ${failed} with syntax errors`);
  process.exit(failed ? 1 : 0);
}

main().catch((err) => { console.error(`pscheck: ${err.message}`); process.exit(2); });
