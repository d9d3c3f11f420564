//! A small block font for the calling board's large digits: five rows by
//! five columns for 0–9, A–Z and the arrow, each dot drawn as a block of
//! cells as large as the screen allows.

/// Rows and columns of one glyph.
pub const ROWS: usize = 5;
pub const COLS: usize = 5;

/// The glyph of `c` (upper-cased), rows top to bottom, `#` for a dot; none
/// for a character the font does not have.
pub fn glyph(c: char) -> Option<[&'static str; ROWS]> {
    Some(match c.to_ascii_uppercase() {
        '0' => [" ### ", "#   #", "#   #", "#   #", " ### "],
        '1' => ["  #  ", " ##  ", "  #  ", "  #  ", " ### "],
        '2' => [" ### ", "#   #", "  ## ", " #   ", "#####"],
        '3' => ["#### ", "    #", " ### ", "    #", "#### "],
        '4' => ["#   #", "#   #", "#####", "    #", "    #"],
        '5' => ["#####", "#    ", "#### ", "    #", "#### "],
        '6' => [" ### ", "#    ", "#### ", "#   #", " ### "],
        '7' => ["#####", "    #", "   # ", "  #  ", "  #  "],
        '8' => [" ### ", "#   #", " ### ", "#   #", " ### "],
        '9' => [" ### ", "#   #", " ####", "    #", " ### "],
        'A' => [" ### ", "#   #", "#####", "#   #", "#   #"],
        'B' => ["#### ", "#   #", "#### ", "#   #", "#### "],
        'C' => [" ####", "#    ", "#    ", "#    ", " ####"],
        'D' => ["#### ", "#   #", "#   #", "#   #", "#### "],
        'E' => ["#####", "#    ", "#### ", "#    ", "#####"],
        'F' => ["#####", "#    ", "#### ", "#    ", "#    "],
        'G' => [" ####", "#    ", "#  ##", "#   #", " ####"],
        'H' => ["#   #", "#   #", "#####", "#   #", "#   #"],
        'I' => [" ### ", "  #  ", "  #  ", "  #  ", " ### "],
        'J' => ["  ###", "    #", "    #", "#   #", " ### "],
        'K' => ["#   #", "#  # ", "###  ", "#  # ", "#   #"],
        'L' => ["#    ", "#    ", "#    ", "#    ", "#####"],
        'M' => ["#   #", "## ##", "# # #", "#   #", "#   #"],
        'N' => ["#   #", "##  #", "# # #", "#  ##", "#   #"],
        'O' => [" ### ", "#   #", "#   #", "#   #", " ### "],
        'P' => ["#### ", "#   #", "#### ", "#    ", "#    "],
        'Q' => [" ### ", "#   #", "# # #", "#  # ", " ## #"],
        'R' => ["#### ", "#   #", "#### ", "#  # ", "#   #"],
        'S' => [" ####", "#    ", " ### ", "    #", "#### "],
        'T' => ["#####", "  #  ", "  #  ", "  #  ", "  #  "],
        'U' => ["#   #", "#   #", "#   #", "#   #", " ### "],
        'V' => ["#   #", "#   #", "#   #", " # # ", "  #  "],
        'W' => ["#   #", "#   #", "# # #", "## ##", "#   #"],
        'X' => ["#   #", " # # ", "  #  ", " # # ", "#   #"],
        'Y' => ["#   #", " # # ", "  #  ", "  #  ", "  #  "],
        'Z' => ["#####", "   # ", "  #  ", " #   ", "#####"],
        '→' => ["  #  ", "   # ", "#####", "   # ", "  #  "],
        ' ' => ["     ", "     ", "     ", "     ", "     "],
        _ => return None,
    })
}

/// `text` in the font with each dot `sx` cells wide and `sy` rows tall and
/// `sx` blank cells between glyphs: one string per row, or none if the
/// font lacks one of its characters.
pub fn render(text: &str, sx: usize, sy: usize) -> Option<Vec<String>> {
    let glyphs: Vec<[&str; ROWS]> = text.chars().map(glyph).collect::<Option<_>>()?;
    let mut rows = Vec::with_capacity(ROWS * sy);
    for r in 0..ROWS {
        let mut line = String::new();
        for (i, g) in glyphs.iter().enumerate() {
            if i > 0 {
                line.push_str(&" ".repeat(sx));
            }
            for dot in g[r].chars() {
                let cell = if dot == '#' { '█' } else { ' ' };
                line.extend(std::iter::repeat_n(cell, sx));
            }
        }
        for _ in 0..sy {
            rows.push(line.clone());
        }
    }
    Some(rows)
}

/// The width in cells of `glyphs` glyphs drawn at `sx`.
pub fn width(glyphs: usize, sx: usize) -> usize {
    match glyphs {
        0 => 0,
        n => n * COLS * sx + (n - 1) * sx,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_glyph_is_five_by_five() {
        let all = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ→ ";
        for c in all.chars() {
            let g = glyph(c).unwrap_or_else(|| panic!("{c}"));
            for row in g {
                assert_eq!(row.chars().count(), COLS, "{c}: {row:?}");
            }
        }
        assert!(glyph('号').is_none());
    }

    #[test]
    fn a_rendered_number_is_as_wide_and_tall_as_said() {
        let rows = render("A1", 2, 3).unwrap();
        assert_eq!(rows.len(), ROWS * 3);
        for r in &rows {
            assert_eq!(r.chars().count(), width(2, 2));
        }
        assert_eq!(rows[0], "  ██████        ██    ");
        assert!(render("A号", 1, 1).is_none());
    }
}
