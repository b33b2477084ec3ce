//! Bounded checks of a PDF's object graph, made before handing the document to code that
//! walks it without bounds.
//!
//! pdf-extract draws a page by recursing into every form XObject the page's content
//! names (`/A Do`), with no memory of where it has been: a form that draws itself, or
//! A → B → A, recurses until the thread's stack overflows, which aborts the whole process
//! (no `catch_unwind` can stop that). Its inherited-attribute lookup climbs `/Parent`
//! links the same way and spins for ever on a page-tree node that is its own parent.
//! These checks walk the same links with visited sets, depth caps and a work budget, so
//! such a file is refused with a plain reason before pdf-extract or lopdf's page walks
//! ever see it.
//!
//! The walks follow exactly the links those libraries follow: `/Kids` and `/Parent` for
//! the page tree; for drawings, every `Do` operator of the page's content and of each
//! stream it names (whatever the stream's subtype, as pdf-extract does), resolving the
//! name in the stream's own `/Resources` or, when it has none, in the caller's.

use std::collections::HashSet;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Levels of page-tree nodes above a page; real files have two or three.
const MAX_TREE_DEPTH: usize = 64;

/// Forms drawn inside forms, counted from the page. Real files nest a few levels (a
/// scanner wraps the scan in a form, an editor wraps that once more); pdf-extract's
/// recursion stays well inside a worker thread's stack at this depth.
pub(super) const MAX_DRAW_DEPTH: usize = 24;

/// Forms (and other streams) drawn on one page, counting repeats: pdf-extract redraws a
/// form every time it is named, so a few forms that each draw the next one twice make
/// exponential work without any loop.
pub(super) const MAX_DRAWS: usize = 20_000;

/// Content bytes parsed while drawing one page, counting repeats, for the same reason.
const MAX_DRAWN_BYTES: usize = 256 * 1024 * 1024;

/// References followed one after another (`5 0 R` naming an object that is itself only
/// a reference); a longer chain is treated as a loop.
const MAX_REF_CHAIN: usize = 32;

const ADVICE: &str = "ask for a new copy of the file, or print it to a new PDF, and check that";

fn loops(what: &str) -> String {
    format!("the PDF's structure loops ({what}), so it cannot be read safely; {ADVICE}")
}

fn too_deep(what: &str) -> String {
    format!("the PDF's structure nests too deeply ({what}), so it cannot be read safely; {ADVICE}")
}

/// Follows references from `obj` until a real object: `Ok(None)` when the chain ends at
/// a missing object, `Err(())` when it loops (or is absurdly long).
fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> Result<Option<&'a Object>, ()> {
    let mut current = obj;
    let mut hops = 0;
    while let Object::Reference(id) = current {
        hops += 1;
        if hops > MAX_REF_CHAIN {
            return Err(());
        }
        match doc.objects.get(id) {
            Some(next) => current = next,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}

/// The dictionary `dict[key]` names, if any; `Err` with `what` when the lookup loops.
fn dict_at<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
    what: &str,
) -> Result<Option<&'a Dictionary>, String> {
    match dict.get(key) {
        Ok(obj) => resolve(doc, obj)
            .map(|o| o.and_then(|o| o.as_dict().ok()))
            .map_err(|()| loops(what)),
        Err(_) => Ok(None),
    }
}

/// The page-tree node a `/Parent` entry names, as lopdf and pdf-extract read it (only a
/// direct reference counts).
fn parent_id(node: &Dictionary) -> Option<ObjectId> {
    node.get(b"Parent").and_then(Object::as_reference).ok()
}

/// Checks the whole page tree from the catalog: no page-tree node is reached twice
/// through `/Kids` (a loop, or a shared subtree that lopdf would list again and again),
/// the tree is not absurdly deep, and every page's `/Parent` chain ends.
pub(super) fn check_page_tree(doc: &Document) -> Result<(), String> {
    let Some(root) = doc
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"Pages").ok())
        .and_then(|pages| pages.as_reference().ok())
    else {
        // No page tree at all: lopdf finds no pages and the file is reported as such.
        return Ok(());
    };
    let mut seen_nodes: HashSet<ObjectId> = HashSet::new();
    let mut seen_pages: HashSet<ObjectId> = HashSet::new();
    let mut stack = vec![(root, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        let Some(node) = doc
            .objects
            .get(&id)
            .map(|o| resolve(doc, o))
            .transpose()
            .map_err(|()| loops("its page tree refers to itself"))?
            .flatten()
            .and_then(|o| o.as_dict().ok())
        else {
            continue;
        };
        let kind = node.get_type().ok();
        if depth > 0 && kind == Some(b"Page".as_slice()) {
            if seen_pages.insert(id) {
                check_parent_chain(doc, id, node)?;
            }
            continue;
        }
        // lopdf treats the root as a node whatever its /Type says, and other kids only
        // when they are /Pages.
        if depth > 0 && kind != Some(b"Pages".as_slice()) {
            continue;
        }
        if !seen_nodes.insert(id) {
            return Err(loops("its page tree refers back into itself"));
        }
        if depth >= MAX_TREE_DEPTH {
            return Err(too_deep(&format!(
                "its page tree is more than {MAX_TREE_DEPTH} levels deep"
            )));
        }
        let kids = match node.get(b"Kids") {
            Ok(kids) => resolve(doc, kids)
                .map_err(|()| loops("its page tree refers to itself"))?
                .and_then(|k| k.as_array().ok()),
            Err(_) => None,
        };
        // Reversed, so pages are checked in page order (only matters for which problem
        // is named first).
        for kid in kids.into_iter().flatten().rev() {
            if let Ok(kid) = kid.as_reference() {
                stack.push((kid, depth + 1));
            }
        }
    }
    Ok(())
}

/// Checks that the `/Parent` links from a page end within [`MAX_TREE_DEPTH`] steps
/// without coming back to a node already passed.
fn check_parent_chain(doc: &Document, page_id: ObjectId, page: &Dictionary) -> Result<(), String> {
    let mut seen = HashSet::from([page_id]);
    let mut node = page;
    while let Some(parent) = parent_id(node) {
        if !seen.insert(parent) {
            return Err(loops("its page tree is its own parent"));
        }
        if seen.len() > MAX_TREE_DEPTH {
            return Err(too_deep(&format!(
                "a page sits more than {MAX_TREE_DEPTH} levels deep in its page tree"
            )));
        }
        match doc.objects.get(&parent).map(|o| resolve(doc, o)) {
            Some(Ok(Some(Object::Dictionary(dict)))) => node = dict,
            Some(Err(())) => return Err(loops("its page tree refers to itself")),
            _ => return Ok(()),
        }
    }
    Ok(())
}

/// Checks one page before its text is extracted: its `/Parent` chain ends, its
/// resources resolve without looping, and the forms its content draws neither draw
/// themselves (directly or through others) nor nest deeper than [`MAX_DRAW_DEPTH`], and
/// drawing them stays within [`MAX_DRAWS`].
pub(super) fn check_page(doc: &Document, page_id: ObjectId, page_no: u32) -> Result<(), String> {
    let page = doc
        .get_dictionary(page_id)
        .map_err(|_| format!("page {page_no} of the PDF is damaged and cannot be read"))?;
    check_parent_chain(doc, page_id, page)?;
    let resources = inherited_resources(doc, page, page_no)?;
    let mut walk = Walk {
        doc,
        page_no,
        draws: 0,
        bytes: 0,
        chain: Vec::new(),
    };
    walk.content(
        &doc.get_page_content(page_id).unwrap_or_default(),
        resources,
    )
}

/// The page's resources as pdf-extract finds them: the nearest `/Resources` up the
/// `/Parent` chain (already known to end).
fn inherited_resources<'a>(
    doc: &'a Document,
    page: &'a Dictionary,
    page_no: u32,
) -> Result<Option<&'a Dictionary>, String> {
    let what = format!("the resources of page {page_no} refer to themselves");
    let mut node = page;
    for _ in 0..=MAX_TREE_DEPTH {
        if node.has(b"Resources") {
            return dict_at(doc, node, b"Resources", &what);
        }
        let Some(parent) = parent_id(node).and_then(|id| doc.objects.get(&id)) else {
            return Ok(None);
        };
        match resolve(doc, parent) {
            Ok(Some(Object::Dictionary(dict))) => node = dict,
            Ok(_) => return Ok(None),
            Err(()) => return Err(loops(&what)),
        }
    }
    Ok(None)
}

/// The drawing walk of one page: which streams are being drawn (innermost last), and
/// the work done so far.
struct Walk<'a> {
    doc: &'a Document,
    page_no: u32,
    draws: usize,
    bytes: usize,
    /// The streams being drawn, by address: every reference to an object resolves to the
    /// same place, so the address identifies the stream however it was reached.
    chain: Vec<*const Stream>,
}

impl<'a> Walk<'a> {
    fn content(&mut self, content: &[u8], resources: Option<&'a Dictionary>) -> Result<(), String> {
        self.bytes += content.len();
        if self.bytes > MAX_DRAWN_BYTES {
            return Err(self.too_much());
        }
        // Content pdf-extract cannot decode makes it fail (a caught panic), drawing
        // nothing further.
        let Ok(content) = Content::decode(content) else {
            return Ok(());
        };
        for op in &content.operations {
            if op.operator != "Do" {
                continue;
            }
            let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) else {
                continue;
            };
            let Some(resources) = resources else {
                continue;
            };
            let what = format!("the resources of page {} refer to themselves", self.page_no);
            let Some(xobjects) = dict_at(self.doc, resources, b"XObject", &what)? else {
                continue;
            };
            let Ok(entry) = xobjects.get(name) else {
                continue;
            };
            let Some(Object::Stream(stream)) =
                resolve(self.doc, entry).map_err(|()| loops(&what))?
            else {
                continue;
            };
            self.draws += 1;
            if self.draws > MAX_DRAWS {
                return Err(self.too_much());
            }
            // An image draws nothing further (and its data is set aside before
            // pdf-extract reads the page): inflating it here would cost what a
            // decompression bomb asks for, before the image decoder's budget applies.
            if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
                continue;
            }
            let address = stream as *const Stream;
            if self.chain.contains(&address) {
                return Err(loops(&format!(
                    "a drawing on page {} draws itself",
                    self.page_no
                )));
            }
            if self.chain.len() >= MAX_DRAW_DEPTH {
                return Err(too_deep(&format!(
                    "page {} has drawings inside drawings more than {MAX_DRAW_DEPTH} levels deep",
                    self.page_no
                )));
            }
            let inner = match stream.dict.get(b"Resources") {
                Ok(obj) => resolve(self.doc, obj)
                    .map_err(|()| loops(&what))?
                    .and_then(|o| o.as_dict().ok())
                    .or(Some(resources)),
                Err(_) => Some(resources),
            };
            let bytes = stream_content(stream, MAX_DRAWN_BYTES - self.bytes)
                .ok_or_else(|| self.too_much())?;
            self.chain.push(address);
            self.content(&bytes, inner)?;
            self.chain.pop();
        }
        Ok(())
    }

    fn too_much(&self) -> String {
        format!(
            "page {} of the PDF repeats its drawings too often to be read safely (more than \
             {MAX_DRAWS} drawings); {ADVICE}",
            self.page_no
        )
    }
}

/// A stream's content as pdf-extract takes it: decompressed when that works, else raw;
/// `None` when it inflates past `budget` bytes. A lone FlateDecode (what forms use) is
/// inflated through a reader that stops at the budget; lopdf's own decoder, for other
/// filters, has no bound, so its output is checked after the fact.
fn stream_content(stream: &Stream, budget: usize) -> Option<Vec<u8>> {
    use std::io::Read;
    let content = match stream.filters() {
        Ok(filters) if filters == [b"FlateDecode".as_slice()] => {
            let mut out = Vec::new();
            let read = flate2::read::ZlibDecoder::new(stream.content.as_slice())
                .take(budget as u64 + 1)
                .read_to_end(&mut out);
            match read {
                Ok(_) => out,
                Err(_) => stream.content.clone(),
            }
        }
        Ok(_) => stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone()),
        Err(_) => stream.content.clone(),
    };
    (content.len() <= budget).then_some(content)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use lopdf::dictionary;

    /// A one-page document: the page draws `page_draws` with `resources`; `forms` are
    /// added first, so their ids are 1, 2, … in order.
    pub(crate) struct Builder {
        pub doc: Document,
        pub pages: ObjectId,
    }

    impl Builder {
        pub fn new() -> Self {
            let mut doc = Document::with_version("1.5");
            let pages = doc.new_object_id();
            Builder { doc, pages }
        }

        /// Adds a form XObject drawing `content`, with `xobjects` (name → id) as its own
        /// resources when given.
        pub fn form(&mut self, content: &str, xobjects: Option<&[(&str, ObjectId)]>) -> ObjectId {
            let mut dict = dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            };
            if let Some(xobjects) = xobjects {
                dict.set("Resources", resources(xobjects));
            }
            self.doc
                .add_object(Stream::new(dict, content.as_bytes().to_vec()))
        }

        /// Reserves an id to be filled later (for cycles).
        pub fn reserve(&mut self) -> ObjectId {
            self.doc.new_object_id()
        }

        pub fn set_form(&mut self, id: ObjectId, content: &str, xobjects: &[(&str, ObjectId)]) {
            let dict = dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                "Resources" => resources(xobjects),
            };
            self.doc.objects.insert(
                id,
                Object::Stream(Stream::new(dict, content.as_bytes().to_vec())),
            );
        }

        /// Adds the page (with `page` entries besides Type, Parent and Contents) and the
        /// page tree (with `tree` entries besides Type, Kids and Count) and the catalog.
        pub fn finish(mut self, content: &str, page: Dictionary, tree: Dictionary) -> Document {
            let contents = self
                .doc
                .add_object(Stream::new(dictionary! {}, content.as_bytes().to_vec()));
            let mut page_dict = dictionary! {
                "Type" => "Page",
                "Parent" => self.pages,
                "Contents" => contents,
            };
            for (k, v) in page {
                page_dict.set(k, v);
            }
            let page_id = self.doc.add_object(page_dict);
            let mut tree_dict = dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page_id.into()],
                "Count" => 1,
            };
            for (k, v) in tree {
                tree_dict.set(k, v);
            }
            self.doc
                .objects
                .insert(self.pages, Object::Dictionary(tree_dict));
            let catalog = self.doc.add_object(dictionary! {
                "Type" => "Catalog",
                "Pages" => self.pages,
            });
            self.doc.trailer.set("Root", catalog);
            self.doc
        }
    }

    pub(crate) fn resources(xobjects: &[(&str, ObjectId)]) -> Dictionary {
        let mut xo = Dictionary::new();
        for (name, id) in xobjects {
            xo.set(name.as_bytes().to_vec(), *id);
        }
        dictionary! { "XObject" => xo }
    }

    fn media_box() -> Object {
        vec![0.into(), 0.into(), 100.into(), 100.into()].into()
    }

    /// A page drawing form `first` of `xobjects`.
    pub(crate) fn drawing_page(b: Builder, first: &str, xobjects: &[(&str, ObjectId)]) -> Document {
        b.finish(
            &format!("q /{first} Do Q"),
            dictionary! { "MediaBox" => media_box(), "Resources" => resources(xobjects) },
            dictionary! {},
        )
    }

    /// A chain of `depth` forms, each drawing the next; the last draws nothing.
    pub(crate) fn nested_forms(depth: usize) -> Document {
        let mut b = Builder::new();
        let mut next = b.form("0 0 m 10 10 l S", None);
        for _ in 1..depth {
            next = b.form("/F Do", Some(&[("F", next)]));
        }
        drawing_page(b, "F", &[("F", next)])
    }

    pub(crate) fn self_drawing_form() -> Document {
        let mut b = Builder::new();
        let a = b.reserve();
        b.set_form(a, "/A Do", &[("A", a)]);
        drawing_page(b, "A", &[("A", a)])
    }

    /// A form with no resources of its own drawing itself by a name in the page's.
    pub(crate) fn self_drawing_form_inherited() -> Document {
        let mut b = Builder::new();
        let a = b.form("/A Do", None);
        drawing_page(b, "A", &[("A", a)])
    }

    pub(crate) fn forms_a_b_a() -> Document {
        let mut b = Builder::new();
        let a = b.reserve();
        let bb = b.reserve();
        b.set_form(a, "/B Do", &[("B", bb)]);
        b.set_form(bb, "/A Do", &[("A", a)]);
        drawing_page(b, "A", &[("A", a)])
    }

    pub(crate) fn pages_own_parent() -> Document {
        let b = Builder::new();
        let pages = b.pages;
        b.finish(
            "0 0 m 10 10 l S",
            dictionary! {},
            dictionary! { "Parent" => pages },
        )
    }

    pub(crate) fn resources_cycle() -> Document {
        let mut b = Builder::new();
        let r1 = b.reserve();
        let r2 = b.reserve();
        b.doc.objects.insert(r1, Object::Reference(r2));
        b.doc.objects.insert(r2, Object::Reference(r1));
        b.finish(
            "0 0 m 10 10 l S",
            dictionary! { "MediaBox" => media_box(), "Resources" => r1 },
            dictionary! {},
        )
    }

    fn first_page(doc: &Document) -> ObjectId {
        *doc.get_pages().get(&1).expect("one page")
    }

    fn check_all(doc: &Document) -> Result<(), String> {
        check_page_tree(doc)?;
        check_page(doc, first_page(doc), 1)
    }

    /// 300 MiB of zeros, deflated (about 300 KiB).
    fn deflated_zeros() -> Vec<u8> {
        use flate2::{write::ZlibEncoder, Compression};
        use std::io::Write;
        let mut enc = ZlibEncoder::new(Vec::new(), Compression::fast());
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..300 {
            enc.write_all(&chunk).unwrap();
        }
        enc.finish().unwrap()
    }

    /// A page drawing a deflate bomb as an image passes the walk (the image decoder's
    /// budget judges it, and before this the walk inflated it whole); the same bytes as
    /// a form's drawing are refused without being inflated past the walk's bound.
    #[test]
    fn the_walk_never_inflates_images_and_bounds_what_forms_inflate() {
        let zeros = deflated_zeros();
        for (subtype, refused) in [("Image", false), ("Form", true)] {
            let mut b = Builder::new();
            let bomb = b.doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject",
                    "Subtype" => subtype,
                    "Width" => 64,
                    "Height" => 64,
                    "ColorSpace" => "DeviceGray",
                    "BitsPerComponent" => 8,
                    "Filter" => "FlateDecode",
                    "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
                },
                zeros.clone(),
            ));
            let doc = b.finish(
                "q /X Do Q",
                dictionary! { "Resources" => resources(&[("X", bomb)]) },
                dictionary! {},
            );
            let result = check_page(&doc, first_page(&doc), 1);
            assert_eq!(result.is_err(), refused, "{subtype}: {result:?}");
        }
    }

    #[test]
    fn a_form_that_draws_itself_loops() {
        for doc in [self_drawing_form(), self_drawing_form_inherited()] {
            let err = check_all(&doc).unwrap_err();
            assert!(err.starts_with("the PDF's structure loops"), "{err}");
            assert!(err.contains("a drawing on page 1 draws itself"), "{err}");
        }
    }

    #[test]
    fn forms_drawing_each_other_loop() {
        let err = check_all(&forms_a_b_a()).unwrap_err();
        assert!(err.contains("a drawing on page 1 draws itself"), "{err}");
    }

    #[test]
    fn a_page_tree_node_that_is_its_own_parent_loops() {
        let err = check_page_tree(&pages_own_parent()).unwrap_err();
        assert!(err.contains("its page tree is its own parent"), "{err}");
        let doc = pages_own_parent();
        let err = check_page(&doc, first_page(&doc), 1).unwrap_err();
        assert!(err.contains("its page tree is its own parent"), "{err}");
    }

    #[test]
    fn a_page_tree_that_contains_itself_loops() {
        let mut b = Builder::new();
        let pages = b.pages;
        let inner = b.reserve();
        b.doc.objects.insert(
            inner,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![pages.into()], "Count" => 1, "Parent" => pages,
            }),
        );
        let mut doc = b.finish("", dictionary! {}, dictionary! {});
        // The root's kids: the page and the inner node, whose kid is the root again.
        let root = doc.get_dictionary_mut(pages).unwrap();
        let mut kids = root.get(b"Kids").unwrap().as_array().unwrap().clone();
        kids.push(inner.into());
        root.set("Kids", kids);
        let err = check_page_tree(&doc).unwrap_err();
        assert!(
            err.contains("its page tree refers back into itself"),
            "{err}"
        );
    }

    #[test]
    fn a_resources_reference_cycle_loops() {
        let doc = resources_cycle();
        check_page_tree(&doc).expect("the tree itself is fine");
        let err = check_page(&doc, first_page(&doc), 1).unwrap_err();
        assert!(
            err.contains("the resources of page 1 refer to themselves"),
            "{err}"
        );
    }

    #[test]
    fn deep_but_finite_nesting_passes_up_to_the_cap() {
        check_all(&nested_forms(MAX_DRAW_DEPTH)).expect("at the cap");
        let err = check_all(&nested_forms(MAX_DRAW_DEPTH + 1)).unwrap_err();
        assert!(
            err.starts_with("the PDF's structure nests too deeply"),
            "{err}"
        );
        assert!(err.contains("more than 24 levels"), "{err}");
    }

    #[test]
    fn a_form_drawn_many_times_is_no_loop_but_exponential_repeats_are_refused() {
        // One form drawn 50 times from the page: fine.
        let mut b = Builder::new();
        let f = b.form("0 0 m 10 10 l S", None);
        let doc = b.finish(
            &"/F Do ".repeat(50),
            dictionary! { "MediaBox" => media_box(), "Resources" => resources(&[("F", f)]) },
            dictionary! {},
        );
        check_all(&doc).expect("repeats of one form are not a loop");
        // Twenty forms, each drawing the next twice: 2^20 draws, no loop.
        let mut b = Builder::new();
        let mut next = b.form("0 0 m 10 10 l S", None);
        for _ in 0..20 {
            next = b.form("/F Do /F Do", Some(&[("F", next)]));
        }
        let err = check_all(&drawing_page(b, "F", &[("F", next)])).unwrap_err();
        assert!(err.contains("repeats its drawings too often"), "{err}");
    }

    #[test]
    fn ordinary_documents_pass() {
        let b = Builder::new();
        let doc = b.finish(
            "BT /F1 12 Tf (hello) Tj ET",
            dictionary! { "MediaBox" => media_box() },
            dictionary! {},
        );
        check_all(&doc).expect("a plain page");
    }
}
