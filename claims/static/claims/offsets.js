// The API counts offsets in Unicode code points (Python str indices); the DOM counts UTF-16
// code units. A character outside the Basic Multilingual Plane (an emoji, say) is one code
// point but two units, so the two counts part after it. This maps between them in O(log n)
// from a list of where such characters stand.
export class Offsets {
  constructor(text) {
    this.astralUnits = []; // UTF-16 index of each surrogate pair, ascending
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          this.astralUnits.push(i);
          i++;
        }
      }
    }
    // code point index of each pair: its unit index less the pairs before it
    this.astralPoints = this.astralUnits.map((unit, k) => unit - k);
  }

  toUnits(point) {
    return point + countBelow(this.astralPoints, point);
  }

  toPoints(unit) {
    return unit - countBelow(this.astralUnits, unit);
  }
}

// How many values of the ascending list are below limit.
function countBelow(list, limit) {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle] < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
