import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFObject } from "pdf-lib";

/**
 * What a PDF holds, read by pdf-lib (an independent parser, not the pdfkit that wrote it): its
 * page count, the image XObjects each page's resources name, and each image's pixel size.
 */
export async function inspectPdf(bytes: Uint8Array): Promise<{ pages: number; imagesPerPage: { width: number; height: number; filter: string }[][]; title: string | undefined }> {
  const pdf = await PDFDocument.load(bytes);
  const imagesPerPage = pdf.getPages().map((page) => {
    const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of("XObject"), PDFDict);
    if (!xobjects) return [];
    return xobjects.keys().flatMap((key) => {
      const stream = xobjects.lookup(key);
      if (!(stream instanceof PDFRawStream) || stream.dict.get(PDFName.of("Subtype")) !== PDFName.of("Image")) return [];
      const number = (name: string) => Number(stream.dict.get(PDFName.of(name))?.toString());
      return [{ width: number("Width"), height: number("Height"), filter: String(stream.dict.get(PDFName.of("Filter"))) }];
    });
  });
  return { pages: pdf.getPageCount(), imagesPerPage, title: pdf.getTitle() };
}

/**
 * Each page's content stream as text, decompressed (pdfkit deflates it): the drawing operators a
 * page holds, for tests that look for the paths a drawing became.
 */
export async function pageContents(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes);
  const text = (object: PDFObject | undefined): string => {
    const resolved = object ? pdf.context.lookup(object) : undefined;
    if (resolved instanceof PDFArray) return resolved.asArray().map(text).join("\n");
    if (resolved instanceof PDFRawStream) return Buffer.from(decodePDFRawStream(resolved).decode()).toString("latin1");
    return "";
  };
  return pdf.getPages().map((page) => text(page.node.get(PDFName.of("Contents"))));
}
