fn main() {
    let bank = az400_sprint::bank::builtin();
    println!("{}", bank.questions.len());
}
