// Opens the PDF the user drops on the page.
import { Viewer } from './viewer';

const viewer = new Viewer(document.querySelector('canvas')!, document.querySelector<HTMLButtonElement>('#download')!);

document.body.addEventListener('drop', async (event: DragEvent) => {
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (!file) return;
  await viewer.open(new Uint8Array(await file.arrayBuffer()), file.name);
});
