//! Roman numerals, as the genre numbers its sections, chapters and quarters
//! (`Chương II`, `III. NHIỆM VỤ`, `quý IV`): shared by the repair (which
//! writes them back) and the structure (which reads their values).

/// The Roman numeral of `value` (upper case, up to the hundreds: `C` is the
/// largest letter the genre uses).
pub fn to_roman(mut value: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (step, numeral) in TABLE {
        while value >= step {
            out.push_str(numeral);
            value -= step;
        }
    }
    out
}

/// The value of `numeral` when it is a Roman numeral in capitals written
/// the canonical way (`XIV`, not `XIIII` nor `IC`); `None` otherwise.
pub fn roman_value(numeral: &str) -> Option<u32> {
    let value_of = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let values: Vec<i64> = numeral.chars().map(value_of).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, &v) in values.iter().enumerate() {
        let subtracted = values.get(i + 1).is_some_and(|&next| next > v);
        total += if subtracted { -v } else { v };
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    (to_roman(total) == numeral).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_read_and_write_canonically() {
        assert_eq!(to_roman(14), "XIV");
        assert_eq!(to_roman(244), "CCXLIV");
        assert_eq!(roman_value("XXXIX"), Some(39));
        assert_eq!(roman_value("CCXLIV"), Some(244));
        for not_canonical in ["", "IIII", "VV", "IC", "XIIII", "ii", "I1"] {
            assert_eq!(roman_value(not_canonical), None, "{not_canonical}");
        }
    }
}
