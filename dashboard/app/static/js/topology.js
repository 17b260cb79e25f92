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
var TAGHTIA_MERCATOR = {R: 6378137, max: 85.0511287798};  // L.Projection.SphericalMercator

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

// The arcs of a boundary document: every arc's vertices in turn as degrees (``degrees``:
// lat, lng, lat, lng...) and Web Mercator metres (``metres``, projected once per vertex of
// an arc, not once per ring that uses it), where each arc begins in them and where the
// last one ends (``arcStarts``), and each arc's box (``arcBoxes``: south, west, north, east).
function taghtia_arcs(doc) {
    var s = doc.scale, text = doc.arcs, arcStarts = [0], arcBoxes = [], d = Math.PI / 180;
    var degrees = new Float64Array(text.length), metres = new Float64Array(text.length);
    var value = 0, shift = 1, second = false, x = 0, y = 0, at = 0;
    var south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
    for (var c = 0; c < text.length; c++) {
        var code = text.charCodeAt(c);
        if (code === 44) {  // ",": the next arc
            arcStarts.push(at);
            arcBoxes.push(south, west, north, east);
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
            var lat = y / s, lng = x / s;
            var sin = Math.sin(Math.max(Math.min(TAGHTIA_MERCATOR.max, lat),
                                        -TAGHTIA_MERCATOR.max) * d);
            degrees[at] = lat; degrees[at + 1] = lng;
            metres[at] = TAGHTIA_MERCATOR.R * lng * d;
            metres[at + 1] = TAGHTIA_MERCATOR.R * Math.log((1 + sin) / (1 - sin)) / 2;
            at += 2;
            if (lat < south) { south = lat; }
            if (lat > north) { north = lat; }
            if (lng < west) { west = lng; }
            if (lng > east) { east = lng; }
        }
        second = !second;
    }
    arcStarts.push(at);
    arcBoxes.push(south, west, north, east);
    return {degrees: degrees.slice(0, at), metres: metres.slice(0, at),
            arcStarts: new Int32Array(arcStarts), arcBoxes: new Float64Array(arcBoxes)};
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
    var pieces = [], ringStarts = [0], ringVertices = [], ringBoxes = [];
    var polygonStarts = [0], unitStarts = [0], unitBoxes = [];
    var units = doc.units ? doc.units.split(";") : [], previous = 0;
    for (var u = 0; u < units.length; u++) {
        var polygons = units[u] ? units[u].split("|") : [];
        var unitBox = [Infinity, Infinity, -Infinity, -Infinity];
        for (var p = 0; p < polygons.length; p++) {
            var rings = polygons[p].split(" ");
            for (var r = 0; r < rings.length; r++) {
                var refs = taghtia_varints(rings[r], false), vertices = 0;
                var south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
                for (var k = 0; k < refs.length; k++) {
                    var zig = refs[k] >> 1;
                    previous += zig % 2 ? -(zig + 1) / 2 : zig / 2;
                    var uses = arcUses[previous];
                    if (!uses || arcUsers[2 * previous + Math.min(uses, 2) - 1] !== u) {
                        if (uses < 2) { arcUsers[2 * previous + uses] = u; }
                        arcUses[previous] = uses + 1;
                    }
                    pieces.push(previous, refs[k] & 1);
                    vertices += (arcStarts[previous + 1] - arcStarts[previous]) / 2 - (k ? 1 : 0);
                    var b = 4 * previous;
                    south = Math.min(south, arcBoxes[b]);
                    west = Math.min(west, arcBoxes[b + 1]);
                    north = Math.max(north, arcBoxes[b + 2]);
                    east = Math.max(east, arcBoxes[b + 3]);
                }
                vertices = Math.max(doc.lines ? vertices : vertices - 1, 0);
                ringStarts.push(pieces.length);
                ringVertices.push(vertices);
                ringBoxes.push(south, west, north, east);
                if (vertices >= 2) {  // a ring that is drawn
                    unitBox = [Math.min(unitBox[0], south), Math.min(unitBox[1], west),
                               Math.max(unitBox[2], north), Math.max(unitBox[3], east)];
                }
            }
            polygonStarts.push(ringVertices.length);
        }
        unitStarts.push(polygonStarts.length - 1);
        unitBoxes.push(unitBox[0], unitBox[1], unitBox[2], unitBox[3]);
    }
    out.codes = taghtia_codes(doc.codes);
    out.fr = doc.fr;
    out.ar = doc.ar;
    out.pop = typeof doc.pop === "string" ? taghtia_varints(doc.pop, false).map(
        function (number) { return number ? number - 1 : null; }) : doc.pop;
    out.lines = doc.lines ? 1 : 0;
    out.arcUses = arcUses;
    out.arcUsers = arcUsers;
    out.pieces = new Int32Array(pieces);
    out.ringStarts = new Int32Array(ringStarts);
    out.ringVertices = new Int32Array(ringVertices);
    out.ringBoxes = new Float64Array(ringBoxes);
    out.polygonStarts = new Int32Array(polygonStarts);
    out.unitStarts = new Int32Array(unitStarts);
    out.unitBoxes = new Float64Array(unitBoxes);
    return out;
}
