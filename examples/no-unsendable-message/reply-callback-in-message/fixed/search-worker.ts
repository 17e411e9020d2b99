// Answers search requests from an in-memory index.
import type { SearchRequest, SearchResponse } from './protocol';

const documents: Array<{ id: string; title: string; body: string }> = [];

self.onmessage = (event: MessageEvent<SearchRequest>) => {
  const { id, query, limit } = event.data;
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = documents
    .map((document) => ({ id: document.id, title: document.title, score: words.filter((word) => document.body.includes(word)).length }))
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
  self.postMessage({ id, hits } satisfies SearchResponse);
};
