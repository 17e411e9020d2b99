// A toy layout engine: one line of text per page.
export function layoutPage(page) {
  return `BT /F1 12 Tf 72 720 Td (${page.text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
}

export function writePdf(pages) {
  return new TextEncoder().encode(`%PDF-1.7\n${pages.join('\n')}\n%%EOF\n`);
}
