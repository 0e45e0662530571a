// `sqlx::migrate!` embeds the migrations at compile time: rebuild when one is added or changed.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    // The translations are read at compile time too, a new file as well as a changed one.
    println!("cargo:rerun-if-changed=locales");
}
