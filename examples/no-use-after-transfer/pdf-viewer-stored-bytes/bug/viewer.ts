// A small PDF viewer: shows a document and offers a "Download" button for the original bytes.
import * as pdfjsLib from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';

pdfjsLib.GlobalWorkerOptions.workerSrc = new URL('pdfjs-dist/build/pdf.worker.mjs', import.meta.url).toString();

export class Viewer {
  private document: PDFDocumentProxy | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly downloadButton: HTMLButtonElement,
  ) {}

  async open(bytes: Uint8Array, fileName: string): Promise<void> {
    // pdf.js sends `data` to its worker with a transfer list.
    this.document = await pdfjsLib.getDocument({ data: bytes }).promise;
    this.downloadButton.onclick = () => {
      const blob = new Blob([bytes], { type: 'application/pdf' });
      const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: fileName });
      link.click();
    };
    await this.render(1);
  }

  private async render(pageNumber: number): Promise<void> {
    const page = await this.document!.getPage(pageNumber);
    const viewport = page.getViewport({ scale: 1.5 });
    this.canvas.width = viewport.width;
    this.canvas.height = viewport.height;
    await page.render({ canvas: this.canvas, viewport }).promise;
  }
}
