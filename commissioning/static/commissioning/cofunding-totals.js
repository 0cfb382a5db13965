/*
 * Running totals of a contract's co-funding shares on the officer admin's change page.
 *
 * Adds up, year by year, the shares typed into the "co-funding partners and their shares"
 * inline against the totals in the "co-funding years" inline, and shows what is left to
 * allocate. It only adds up: the shares are checked, and amounts by percentage are
 * worked out to the penny, by the server (commissioning/splits.py) when the form is
 * saved. Sums are done in whole pence and hundredths of a per cent, never in floating
 * point. Without JavaScript the table shows the saved figures.
 */
(function () {
  "use strict";

  var SHARES = "funding_shares";
  var YEARS = "funding_years";

  // "£50,668.99" -> 5066899 (hundredths); null when blank or not a number.
  function hundredths(text) {
    var cleaned = String(text || "").replace(/[£,%\s]/g, "");
    var match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
    if (!match) {
      return null;
    }
    var value = parseInt(match[2], 10) * 100 + parseInt(((match[3] || "") + "00").slice(0, 2), 10);
    return match[1] === "-" ? -value : value;
  }

  function formatHundredths(value, pounds) {
    var sign = value < 0 ? "-" : "";
    var whole = Math.floor(Math.abs(value) / 100);
    var part = String(Math.abs(value) % 100).padStart(2, "0");
    var grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return pounds ? sign + "£" + grouped + "." + part : sign + grouped + "." + part + "%";
  }

  function field(row, prefix, name) {
    return row.querySelector("[name^='" + prefix + "-'][name$='-" + name + "']");
  }

  function rows(prefix) {
    var found = [];
    document.querySelectorAll("[name^='" + prefix + "-'][name$='-financial_year']").forEach(function (select) {
      if (select.name.indexOf("__prefix__") !== -1) {
        return;
      }
      var row = select.closest("tr");
      var remove = row && field(row, prefix, "DELETE");
      if (row && !(remove && remove.checked)) {
        found.push(row);
      }
    });
    return found;
  }

  function yearLabel(select) {
    var option = select.options[select.selectedIndex];
    return option && option.value ? option.text : null;
  }

  function cell(tag, text) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (tag === "th") {
      element.setAttribute("scope", "row");
    }
    return element;
  }

  function update() {
    var container = document.getElementById("cofunding-totals");
    if (!container) {
      return;
    }
    var years = {};
    var order = [];
    rows(YEARS).forEach(function (row) {
      var label = yearLabel(field(row, YEARS, "financial_year"));
      if (!label) {
        return;
      }
      var basis = field(row, YEARS, "basis");
      years[label] = {
        total: hundredths(field(row, YEARS, "total").value),
        basis: basis.options[basis.selectedIndex].text,
        percentages: null,
        amounts: 0,
        notGiven: 0
      };
      order.push(label);
    });
    rows(SHARES).forEach(function (row) {
      var label = yearLabel(field(row, SHARES, "financial_year"));
      if (!label) {
        return;
      }
      if (!years[label]) {
        years[label] = { total: null, basis: "year not added", percentages: null, amounts: 0, notGiven: 0 };
        order.push(label);
      }
      var percentage = hundredths(field(row, SHARES, "percentage").value);
      var amount = hundredths(field(row, SHARES, "amount").value);
      if (percentage !== null) {
        years[label].percentages = (years[label].percentages || 0) + percentage;
      }
      if (amount !== null) {
        years[label].amounts += amount;
      } else if (percentage === null) {
        years[label].notGiven += 1;
      }
    });

    var table = container.querySelector("table");
    var body = document.createElement("tbody");
    order.sort().forEach(function (label) {
      var year = years[label];
      var tr = document.createElement("tr");
      var left;
      if (year.total === null) {
        left = "—";
      } else if (year.basis === "By percentage") {
        var percentLeft = 10000 - (year.percentages || 0);
        left = percentLeft === 0 ? "adds up" : formatHundredths(percentLeft, false) + " of 100% to allocate";
      } else {
        left = year.total - year.amounts === 0 ? "adds up" : formatHundredths(year.total - year.amounts, true);
      }
      tr.appendChild(cell("th", label));
      tr.appendChild(cell("td", year.basis));
      tr.appendChild(cell("td", year.total === null ? "not given" : formatHundredths(year.total, true)));
      tr.appendChild(cell("td", year.percentages === null ? "—" : formatHundredths(year.percentages, false)));
      tr.appendChild(cell("td", formatHundredths(year.amounts, true)));
      tr.appendChild(cell("td", String(year.notGiven)));
      tr.appendChild(cell("td", left));
      body.appendChild(tr);
    });
    table.replaceChild(body, table.querySelector("tbody"));
    table.querySelector("caption").textContent =
      "Co-funding as entered, added up by year (checked again, to the penny, when you save)";
  }

  document.addEventListener("input", function (event) {
    if (event.target.name && (event.target.name.indexOf(SHARES) === 0 || event.target.name.indexOf(YEARS) === 0)) {
      update();
    }
  });
  document.addEventListener("change", update);
  document.addEventListener("formset:added", update);
  document.addEventListener("formset:removed", update);
  document.addEventListener("DOMContentLoaded", update);
})();
