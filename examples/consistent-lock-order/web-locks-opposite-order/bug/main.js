// The page: moves money when the user submits the transfer form.
import { transferFunds } from './bank.js';

new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });

document.querySelector('#transfer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  await transferFunds(form.get('from'), form.get('to'), Number(form.get('amount')));
});
