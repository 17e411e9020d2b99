// Messages between the search box and the search worker.
export interface Hit {
  id: string;
  title: string;
  score: number;
}

export interface SearchRequest {
  id: number;
  query: string;
  limit: number;
}

export interface SearchResponse {
  id: number;
  hits: Hit[];
}
