// Taghtia's boundary files read into numbers and typed arrays: no page, no Leaflet (the
// map's runtime, before js/taghtia.js, which draws them).

// The boundary files (dashboard.app.map_files.encode_units): a topology whose numbers are
// varints in one 64-character alphabet (five bits a character, the sixth: more follow).
var TAGHTIA_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
var TAGHTIA_DIGIT = (function () {
    var value = new Int8Array(128).fill(-1);
    for (var i = 0; i < 64; i++) { value[TAGHTIA_DIGITS.charCodeAt(i)] = i; }
    return value;
})();
// Web Mercator metres, as L.Projection.SphericalMercator computes them (to the last bit)
var TAGHTIA_MERCATOR = {R: 6378137, max: 85.0511287798, d: Math.PI / 180};
function taghtia_mercator_x(lng) {
    return TAGHTIA_MERCATOR.R * lng * TAGHTIA_MERCATOR.d;
}
function taghtia_mercator_y(lat) {
    var max = TAGHTIA_MERCATOR.max;
    var sin = Math.sin(Math.max(Math.min(max, lat), -max) * TAGHTIA_MERCATOR.d);
    return TAGHTIA_MERCATOR.R * Math.log((1 + sin) / (1 - sin)) / 2;
}

// The numbers of varint text ``text`` (zig-zag decoded when ``signed``).
function taghtia_varints(text, signed) {
    var out = [], value = 0, shift = 1;
    for (var i = 0; i < text.length; i++) {
        var digit = TAGHTIA_DIGIT[text.charCodeAt(i)];
        value += (digit & 31) * shift;
        if (digit < 32) {
            out.push(!signed ? value : value % 2 ? -(value + 1) / 2 : value / 2);
            value = 0; shift = 1;
        } else { shift *= 32; }
    }
    return out;
}
// Codes written as the characters shared with the code before and the rest.
function taghtia_codes(text) {
    if (typeof text !== "string") { return text; }
    var out = [], previous = "", parts = text ? text.split("|") : [];
    for (var i = 0; i < parts.length; i++) {
        previous = previous.slice(0, TAGHTIA_DIGIT[parts[i].charCodeAt(0)]) + parts[i].slice(1);
        out.push(previous);
    }
    return out;
}

// The arcs of a boundary document: every arc's vertices in turn as Web Mercator metres
// (``metres``: x, y, x, y..., projected once per vertex of an arc, not once per ring that
// uses it) and degrees (``degrees``: lat, lng, lat, lng..., made from the quantised
// numbers when first asked for: the map is drawn from the metres), where each arc begins
// in them and where the last one ends (``arcStarts``), and each arc's box (``arcBoxes``:
// south, west, north, east). Read in one pass, its projection written out (this code runs
// once per page, before the optimiser has seen it: a call per vertex would cost). The
// quantised numbers are 10^4 per degree (map_files): they fit in 32 bits.
function taghtia_arcs(doc) {
    var s = doc.scale, text = doc.arcs, arcStarts = [0], arcBoxes = [];
    var quantised = new Int32Array(text.length), metres = new Float64Array(text.length);
    var value = 0, shift = 1, second = false, x = 0, y = 0, at = 0;
    var R = TAGHTIA_MERCATOR.R, max = TAGHTIA_MERCATOR.max, d = TAGHTIA_MERCATOR.d;
    var south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
    for (var c = 0; c < text.length; c++) {
        var code = text.charCodeAt(c);
        if (code === 44) {  // ",": the next arc
            arcStarts.push(at);
            arcBoxes.push(south / s, west / s, north / s, east / s);
            south = west = Infinity; north = east = -Infinity;
            continue;
        }
        var digit = TAGHTIA_DIGIT[code];
        value += (digit & 31) * shift;
        if (digit >= 32) { shift *= 32; continue; }
        var step = value % 2 ? -(value + 1) / 2 : value / 2;
        value = 0; shift = 1;
        if (!second) { x += step; } else {
            y += step;
            quantised[at] = y; quantised[at + 1] = x;
            // taghtia_mercator_x and taghtia_mercator_y of (y / s, x / s), to the last bit
            var lat = y / s, sin = Math.sin((lat > max ? max : lat < -max ? -max : lat) * d);
            metres[at] = R * (x / s) * d;
            metres[at + 1] = R * Math.log((1 + sin) / (1 - sin)) / 2;
            at += 2;
            if (y < south) { south = y; }
            if (y > north) { north = y; }
            if (x < west) { west = x; }
            if (x > east) { east = x; }
        }
        second = !second;
    }
    arcStarts.push(at);
    arcBoxes.push(south / s, west / s, north / s, east / s);
    var out = {metres: metres.subarray(0, at), arcStarts: new Int32Array(arcStarts),
               arcBoxes: new Float64Array(arcBoxes)}, degrees = null;
    Object.defineProperty(out, "degrees", {enumerable: true, get: function () {
        if (!degrees) {
            degrees = new Float64Array(at);
            for (var i = 0; i < at; i++) { degrees[i] = quantised[i] / s; }
        }
        return degrees;
    }});
    return out;
}

// A boundary document read into flat arrays (a few typed arrays, not an object per ring):
// taghtia_arcs's, plus ``codes``, ``fr``, ``ar``, ``pop`` (per unit), ``lines`` (1: the
// units are lines), the rings' arcs in turn (``pieces``: an arc's index, then 1 when it is
// walked backwards) with where each ring's begin (``ringStarts``), each ring's vertices
// (``ringVertices``: an arc's vertex shared with the one before counted once, a closed
// ring's last vertex, its first, left out) and box (``ringBoxes``), where each polygon's
// rings (``polygonStarts``) and each unit's polygons (``unitStarts``) begin, each unit's
// box (``unitBoxes``: of its rings of two vertices or more, those drawn; Infinity when it
// has none), and per arc how many units use it (``arcUses``: one, the outer edge; two, a
// shared border) and the first two (``arcUsers``).
function taghtia_topology(doc) {
    var out = taghtia_arcs(doc), arcStarts = out.arcStarts, arcBoxes = out.arcBoxes;
    var arcCount = arcStarts.length - 1;
    var arcUses = new Int32Array(arcCount), arcUsers = new Int32Array(2 * arcCount).fill(-1);
    var text = doc.units || "", pieces = new Int32Array(2 * text.length), count = 0;
    var ringStarts = [0], ringVertices = [], ringBoxes = [], polygonStarts = [0];
    var unitStarts = [0], unitBoxes = [];
    var u = 0, unitStart = 0, previous = 0, value = 0, shift = 1, k = 0, vertices = 0;
    var south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
    var unitSouth = Infinity, unitWest = Infinity, unitNorth = -Infinity, unitEast = -Infinity;
    // read character by character, as the text is split: units by ";", a unit's polygons by
    // "|", a polygon's rings by " ", a ring's arcs as varints (an empty unit: no polygon)
    for (var c = 0; text && c <= text.length; c++) {
        var code = c < text.length ? text.charCodeAt(c) : 59;  // the text ends a unit
        if (code !== 59 && code !== 124 && code !== 32) {  // a digit of an arc's reference
            var digit = TAGHTIA_DIGIT[code];
            value += (digit & 31) * shift;
            if (digit >= 32) { shift *= 32; continue; }
            var zig = value >> 1, a = previous + (zig % 2 ? -(zig + 1) / 2 : zig / 2);
            var uses = arcUses[a];
            if (!uses || arcUsers[2 * a + Math.min(uses, 2) - 1] !== u) {
                if (uses < 2) { arcUsers[2 * a + uses] = u; }
                arcUses[a] = uses + 1;
            }
            pieces[count] = a; pieces[count + 1] = value & 1;
            count += 2;
            vertices += (arcStarts[a + 1] - arcStarts[a]) / 2 - (k ? 1 : 0);
            south = Math.min(south, arcBoxes[4 * a]);
            west = Math.min(west, arcBoxes[4 * a + 1]);
            north = Math.max(north, arcBoxes[4 * a + 2]);
            east = Math.max(east, arcBoxes[4 * a + 3]);
            previous = a; value = 0; shift = 1; k++;
            continue;
        }
        if (code !== 59 || c > unitStart) {  // the end of a ring
            vertices = Math.max(doc.lines ? vertices : vertices - 1, 0);
            ringStarts.push(count);
            ringVertices.push(vertices);
            ringBoxes.push(south, west, north, east);
            if (vertices >= 2) {  // a ring that is drawn
                unitSouth = Math.min(unitSouth, south); unitWest = Math.min(unitWest, west);
                unitNorth = Math.max(unitNorth, north); unitEast = Math.max(unitEast, east);
            }
            k = 0; vertices = 0;
            south = west = Infinity; north = east = -Infinity;
            if (code !== 32) { polygonStarts.push(ringVertices.length); }  // of a polygon
        }
        if (code === 59) {  // the end of a unit
            unitStarts.push(polygonStarts.length - 1);
            unitBoxes.push(unitSouth, unitWest, unitNorth, unitEast);
            unitSouth = unitWest = Infinity; unitNorth = unitEast = -Infinity;
            u++;
            unitStart = c + 1;
        }
    }
    out.codes = taghtia_codes(doc.codes);
    out.fr = doc.fr;
    out.ar = doc.ar;
    out.pop = typeof doc.pop === "string" ? taghtia_varints(doc.pop, false).map(
        function (number) { return number ? number - 1 : null; }) : doc.pop;
    out.lines = doc.lines ? 1 : 0;
    out.arcUses = arcUses;
    out.arcUsers = arcUsers;
    out.pieces = pieces.slice(0, count);
    out.ringStarts = new Int32Array(ringStarts);
    out.ringVertices = new Int32Array(ringVertices);
    out.ringBoxes = new Float64Array(ringBoxes);
    out.polygonStarts = new Int32Array(polygonStarts);
    out.unitStarts = new Int32Array(unitStarts);
    out.unitBoxes = new Float64Array(unitBoxes);
    return out;
}
