// Claims drawn with the CSS Custom Highlight API: ranges over the article's single text node,
// no elements wrapped around the text, so overlapping and nested claims all stay visible.
//
// Chromium's cost for every frame grows with the ranges registered (about 45 ms a frame with
// 2,000 of them, 12 ms with none), so only the claims in a window around the viewport are
// registered; the window moves as the reader scrolls.
const STATUS_LAYERS = ["claim-pending", "claim-approved", "claim-rejected", "claim-suggested"];
const MARK_LAYERS = ["claim-overlap", "claim-active", "cue-active", "mention-active", "draft", "draft-cue", "draft-mention"];

export class Highlighter {
  constructor(textNode, offsets) {
    this.textNode = textNode;
    this.offsets = offsets;
    this.layers = new Map();
    for (const name of [...STATUS_LAYERS, ...MARK_LAYERS]) {
      const highlight = new Highlight();
      this.layers.set(name, highlight);
      CSS.highlights.set(name, highlight);
    }
    this.layers.get("claim-overlap").priority = 1;
    for (const name of MARK_LAYERS.slice(1)) this.layers.get(name).priority = 2;
    this.claims = new Map(); // claim id -> claim, every claim of the document
    this.drawn = new Map(); // claim id -> {range, status}, the claims registered now
    this.window = [0, Infinity]; // code points around the viewport whose claims are drawn
  }

  range(start, end) {
    return new StaticRange({
      startContainer: this.textNode,
      startOffset: this.offsets.toUnits(start),
      endContainer: this.textNode,
      endOffset: this.offsets.toUnits(end),
    });
  }

  inWindow(claim) {
    return claim.end > this.window[0] && claim.start < this.window[1];
  }

  drawClaims(claims) {
    this.claims = new Map(claims.map((claim) => [claim.id, claim]));
    this.redraw();
  }

  setWindow(start, end) {
    if (start === this.window[0] && end === this.window[1]) return;
    this.window = [start, end];
    this.redraw();
  }

  redraw() {
    for (const name of STATUS_LAYERS) this.layers.get(name).clear();
    this.drawn.clear();
    for (const claim of this.claims.values()) if (this.inWindow(claim)) this.register(claim);
    this.drawOverlaps();
  }

  register(claim) {
    const range = this.range(claim.start, claim.end);
    this.layers.get(`claim-${claim.status}`).add(range);
    this.drawn.set(claim.id, { range, status: claim.status });
  }

  addClaim(claim) {
    this.claims.set(claim.id, claim);
    if (this.inWindow(claim)) {
      this.register(claim);
      this.drawOverlaps();
    }
  }

  removeClaim(claimId) {
    this.claims.delete(claimId);
    const drawn = this.drawn.get(claimId);
    if (!drawn) return;
    this.layers.get(`claim-${drawn.status}`).delete(drawn.range);
    this.drawn.delete(claimId);
    this.drawOverlaps();
  }

  // Where two or more drawn claims cover the same words, a layer of its own marks the overlap.
  drawOverlaps() {
    const overlap = this.layers.get("claim-overlap");
    overlap.clear();
    const edges = [];
    for (const id of this.drawn.keys()) {
      const claim = this.claims.get(id);
      edges.push([claim.start, 1], [claim.end, -1]);
    }
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let depth = 0;
    let openedAt = null;
    for (const [position, step] of edges) {
      depth += step;
      if (depth >= 2 && openedAt === null) openedAt = position;
      if (depth < 2 && openedAt !== null) {
        if (position > openedAt) overlap.add(this.range(openedAt, position));
        openedAt = null;
      }
    }
  }

  // Marks for the claim being looked at (or drafted): its span, cue and mentions.
  mark(prefix, { span = null, cue = null, mentions = [] } = {}) {
    const names = prefix === "draft" ? ["draft", "draft-cue", "draft-mention"] : ["claim-active", "cue-active", "mention-active"];
    const [spanLayer, cueLayer, mentionLayer] = names.map((name) => this.layers.get(name));
    spanLayer.clear();
    cueLayer.clear();
    mentionLayer.clear();
    if (span) spanLayer.add(this.range(span[0], span[1]));
    if (cue) cueLayer.add(this.range(cue[0], cue[1]));
    for (const [start, end] of mentions) mentionLayer.add(this.range(start, end));
  }
}
