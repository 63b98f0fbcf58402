mod tui_support;
use tui_support::*;
use az400_sprint::attempt::Mode;

#[test]
fn peek() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = playing(dir.path(), Mode::Sprint, &IDS, Some(1800));
    println!("{}", draw(&m, 80, 24));
    for _ in 0..6 { typed(&mut m, "1n", at(5)); println!("{}", draw(&m, 80, 24)); }
    typed(&mut m, "\t", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "\tg", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "s", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "y", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "r", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "nnnnn", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "qq", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "2", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "\n", at(6)); println!("{}", draw(&m, 80, 24));
    typed(&mut m, "1", at(6)); println!("{}", draw(&m, 80, 24));
}
