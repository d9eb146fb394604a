//! The floor for build speed: read every Markdown file under a folder, render it with
//! pulldown-cmark in parallel, and write each page; nothing else. `scripts/bench` compares
//! attach-gen with this.
//!
//! cargo run --release --example floor -- CONTENT_DIR OUTPUT_DIR

use std::path::PathBuf;

use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        return Err("usage: floor CONTENT_DIR OUTPUT_DIR".into());
    };
    let input = PathBuf::from(input);
    let output = PathBuf::from(output);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&input)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files
        .par_iter()
        .try_for_each(|path| -> std::io::Result<()> {
            let text = std::fs::read_to_string(path)?;
            let mut html = String::with_capacity(text.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&text));
            let rel = path.strip_prefix(&input).unwrap_or(path).with_extension("");
            let dir = output.join(rel);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("index.html"), html)
        })?;
    println!("{} pages", files.len());
    Ok(())
}
