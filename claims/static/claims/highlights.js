// Claims drawn with the CSS Custom Highlight API: ranges over the article's single text node,
// no elements wrapped around the text, so overlapping and nested claims all stay visible.
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
    this.claimRanges = new Map(); // claim id -> its range in its status layer
  }

  range(start, end) {
    return new StaticRange({
      startContainer: this.textNode,
      startOffset: this.offsets.toUnits(start),
      endContainer: this.textNode,
      endOffset: this.offsets.toUnits(end),
    });
  }

  drawClaims(claims) {
    for (const name of STATUS_LAYERS) this.layers.get(name).clear();
    this.claimRanges.clear();
    for (const claim of claims) this.addClaim(claim, { overlaps: false });
    this.drawOverlaps(claims);
  }

  addClaim(claim, { overlaps = true, claims } = {}) {
    const range = this.range(claim.start, claim.end);
    this.layers.get(`claim-${claim.status}`).add(range);
    this.claimRanges.set(claim.id, { range, status: claim.status });
    if (overlaps && claims) this.drawOverlaps(claims);
  }

  removeClaim(claimId, claims) {
    const drawn = this.claimRanges.get(claimId);
    if (!drawn) return;
    this.layers.get(`claim-${drawn.status}`).delete(drawn.range);
    this.claimRanges.delete(claimId);
    this.drawOverlaps(claims);
  }

  // Where two or more claims cover the same words, a layer of its own marks the overlap.
  drawOverlaps(claims) {
    const overlap = this.layers.get("claim-overlap");
    overlap.clear();
    const edges = [];
    for (const claim of claims) edges.push([claim.start, 1], [claim.end, -1]);
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
