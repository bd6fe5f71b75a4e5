package ack

import (
	"bytes"
	"encoding/binary"

	"github.com/framekeeper/framekeeper"
)

// MaxScanSize bounds an uploaded scan of a wet signature.
const MaxScanSize = 10 << 20

// Scan media types accepted for a wet signature.
const (
	ScanPDF  = "application/pdf"
	ScanPNG  = "image/png"
	ScanJPEG = "image/jpeg"
)

// SniffScan decides a scan's type from its content, never from the name or
// the type the browser claimed: a PDF, a PNG or a JPEG, whole enough to be
// one. Anything else (HTML, scripts, archives, truncated files) is refused.
func SniffScan(b []byte) (string, error) {
	switch {
	case len(b) == 0:
		return "", framekeeper.Invalid("scan", "Choose the scanned, signed page to upload.")
	case len(b) > MaxScanSize:
		return "", framekeeper.Invalid("scan", "The scan is larger than %d MB.", MaxScanSize>>20).WithCode(framekeeper.ETOOLARGE)
	case isPDF(b):
		return ScanPDF, nil
	case isPNG(b):
		return ScanPNG, nil
	case isJPEG(b):
		return ScanJPEG, nil
	}
	return "", framekeeper.Invalid("scan", "The file is not a PDF, PNG or JPEG image.").WithCode(framekeeper.EUNSUPPORTED)
}

// isPDF: "%PDF-d.d" at the start and an end-of-file marker near the end
// (a viewer needs it; scanners write it).
func isPDF(b []byte) bool {
	if len(b) < 16 || !bytes.HasPrefix(b, []byte("%PDF-")) || b[5] < '1' || b[5] > '2' || b[6] != '.' {
		return false
	}
	tail := b[max(0, len(b)-1024):]
	return bytes.Contains(tail, []byte("%%EOF"))
}

// isPNG: the signature, then an IHDR chunk of 13 bytes with a non-zero size,
// and an IEND chunk at the end.
func isPNG(b []byte) bool {
	sig := []byte("\x89PNG\r\n\x1a\n")
	if len(b) < 8+25+12 || !bytes.HasPrefix(b, sig) {
		return false
	}
	if binary.BigEndian.Uint32(b[8:12]) != 13 || string(b[12:16]) != "IHDR" {
		return false
	}
	w, h := binary.BigEndian.Uint32(b[16:20]), binary.BigEndian.Uint32(b[20:24])
	if w == 0 || h == 0 {
		return false
	}
	return bytes.Equal(b[len(b)-8:len(b)-4], []byte("IEND"))
}

// isJPEG: start-of-image and a marker segment after it, and end-of-image at
// the end.
func isJPEG(b []byte) bool {
	if len(b) < 8 || b[0] != 0xFF || b[1] != 0xD8 || b[2] != 0xFF {
		return false
	}
	if b[3] < 0xC0 || b[3] == 0xFF {
		return false
	}
	end := bytes.TrimRight(b, "\x00\r\n ")
	return len(end) >= 2 && end[len(end)-2] == 0xFF && end[len(end)-1] == 0xD9
}
