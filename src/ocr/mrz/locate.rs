//! Finding a machine-readable zone on a page image and rectifying its lines.
